import * as tf from "@tensorflow/tfjs";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

type Pad = "same" | "valid" | [
  [number, number],
  [number, number],
  [number, number],
  [number, number],
];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  { x: [4, 28, 28, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: "valid" }, // the CNN's first layer
  { x: [3, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: "valid" }, // at its width
  { x: [2, 9, 11, 1], filter: [2, 2, 1, 16], strides: [1, 2], pad: "same" }, // small window, 3 + 1 taps
  { x: [2, 12, 12, 2], filter: [4, 4, 2, 48], strides: [2, 2], pad: "same" }, // 32 taps, 10 × 3 + 2
  { x: [3, 13, 13, 6], filter: [3, 3, 6, 5], strides: [1, 1], pad: "valid" },
  { x: [2, 9, 11, 3], filter: [3, 2, 3, 4], strides: [2, 3], pad: "same" },
  { x: [2, 10, 8, 2], filter: [4, 4, 2, 3], strides: [2, 2], pad: "valid" }, // unused last rows
  { x: [1, 7, 7, 2], filter: [5, 3, 2, 2], strides: [3, 2], pad: "same" },
  { x: [2, 8, 7, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [3, 6, 6, 4], filter: [1, 1, 4, 3], strides: [2, 2], pad: "valid" },
  { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: "valid" }, // second layer
  { x: [3, 7, 9, 5], filter: [2, 3, 5, 13], strides: [1, 2], pad: "same" }, // edge tiles
];

Deno.test("conv2dBackpropFilterConfig() does match the cpu backend over strides and paddings", async () => {
  for (const [i, c] of CASES.entries()) {
    const [n, h, w] = c.x;
    const outShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
    const x = randomHost(c.x, 10 + i);
    const dy = randomHost(outShape, 20 + i, { low: -3, high: 2 });
    const got = await onBothBackends(
      [x, dy],
      (xt, dyt) =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x: xt, dy: dyt }, {
          strides: c.strides,
          pad: c.pad,
          dataFormat: "NHWC",
          filterShape: c.filter,
        }) as tf.Tensor,
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: `case ${i} x [${n}, ${h}, ${w}]` });
  }
});

Deno.test("conv2dBackpropFilterConfig() does give conv2d's weight gradient", async () => {
  const x = randomHost([3, 12, 12, 2], 1);
  const f = randomHost([3, 3, 2, 4], 2);
  const got = await onBothBackends(
    [x, f],
    (xt, ft) =>
      tf.grad((w: tf.Tensor) =>
        tf.conv2d(xt as tf.Tensor4D, w as tf.Tensor4D, 2, "same").square().sum()
      )(ft),
  );
  assertClose(got.wasm[0], got.cpu[0]);
});
