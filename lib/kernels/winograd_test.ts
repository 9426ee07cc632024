import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";
import { winogradApplies } from "./winograd.ts";

type Pad = "same" | "valid" | [
  [number, number],
  [number, number],
  [number, number],
  [number, number],
];

interface Case {
  x: [number, number, number, number];
  cout: number;
  pad: Pad;
  why: string;
}

// Every case is 3×3, stride 1, channels the Winograd path takes.
const CASES: Case[] = [
  { x: [3, 13, 13, 32], cout: 64, pad: "valid", why: "the CNN's second layer, odd output" },
  { x: [2, 12, 10, 16], cout: 20, pad: "valid", why: "even output rows and columns" },
  { x: [2, 9, 7, 20], cout: 16, pad: "same", why: "padding on every side" },
  { x: [1, 6, 11, 16], cout: 24, pad: [[0, 0], [2, 0], [0, 1], [0, 0]], why: "uneven padding" },
  { x: [5, 15, 14, 16], cout: 16, pad: "same", why: "more tiles (280) than a chunk (96)" },
  { x: [2, 3, 3, 16], cout: 36, pad: "valid", why: "a single output pixel" },
];

const outShape = (c: Case) =>
  tf.backend_util.computeConv2DInfo(c.x, [3, 3, c.x[3], c.cout], [1, 1], 1, c.pad).outShape;

Deno.test("winogradApplies() does take 3×3 stride-1 windows, 16+ channels a multiple of 4", () => {
  const base = { fh: 3, fw: 3, sh: 1, sw: 1, cin: 32, cout: 64 };
  assert.equal(winogradApplies(base), true);
  assert.equal(winogradApplies({ ...base, cin: 1 }), false); // the CNN's first layer
  assert.equal(winogradApplies({ ...base, cout: 18 }), false);
  assert.equal(winogradApplies({ ...base, sh: 2 }), false);
  assert.equal(winogradApplies({ ...base, fh: 5, fw: 5 }), false);
  for (const c of CASES) {
    assert.equal(winogradApplies({ ...base, cin: c.x[3], cout: c.cout }), true, c.why);
  }
});

Deno.test("Conv2D through Winograd does match the cpu backend", async () => {
  for (const [i, c] of CASES.entries()) {
    const x = randomHost(c.x, 200 + i);
    const f = randomHost([3, 3, c.x[3], c.cout], 210 + i);
    const got = await onBothBackends(
      [x, f],
      (xt, ft) => tf.conv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, 1, c.pad),
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: c.why });
  }
});

Deno.test("Conv2DBackpropInput through Winograd does match the cpu backend", async () => {
  for (const [i, c] of CASES.entries()) {
    // The input gradient's convolution has the forward's output channels as its input: both
    // sides are Winograd-sized in every case.
    const dy = randomHost(outShape(c), 220 + i, { low: -3, high: 2 });
    const f = randomHost([3, 3, c.x[3], c.cout], 230 + i);
    const got = await onBothBackends(
      [dy, f],
      (dyt, ft) =>
        tf.conv2dTranspose(dyt as tf.Tensor4D, ft as tf.Tensor4D, c.x, 1, c.pad as "same"),
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: c.why });
  }
});

Deno.test("Conv2DBackpropFilter through Winograd does match the cpu backend", async () => {
  for (const [i, c] of CASES.entries()) {
    const x = randomHost(c.x, 240 + i);
    const dy = randomHost(outShape(c), 250 + i, { low: -3, high: 2 });
    const got = await onBothBackends(
      [x, dy],
      (xt, dyt) =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x: xt, dy: dyt }, {
          strides: [1, 1],
          pad: c.pad,
          dataFormat: "NHWC",
          filterShape: [3, 3, c.x[3], c.cout],
        }) as tf.Tensor,
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: c.why });
  }
});
