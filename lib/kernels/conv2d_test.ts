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
  { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: "valid" }, // the CNN's second layer
  { x: [3, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: "valid" }, // the first layer
  { x: [2, 9, 11, 1], filter: [2, 2, 1, 20], strides: [1, 2], pad: "same" }, // small window, 16 + 4 outputs
  { x: [2, 12, 12, 2], filter: [4, 4, 2, 36], strides: [2, 2], pad: "same" }, // 32 taps, 2 × 16 + 4
  { x: [2, 9, 11, 8], filter: [3, 3, 8, 5], strides: [2, 3], pad: "same" },
  { x: [2, 10, 8, 16], filter: [4, 4, 16, 3], strides: [2, 2], pad: "valid" },
  { x: [1, 7, 9, 12], filter: [5, 3, 12, 13], strides: [3, 2], pad: "same" },
  { x: [2, 8, 7, 9], filter: [3, 3, 9, 2], strides: [2, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [3, 6, 6, 70], filter: [1, 1, 70, 9], strides: [1, 1], pad: "valid" }, // 1×1, K over 64
  { x: [1, 12, 12, 2], filter: [7, 7, 2, 300], strides: [7, 7], pad: "valid" }, // K 98, Cout over 256
];

Deno.test("conv2dConfig() does match the cpu backend over strides and paddings", async () => {
  for (const [i, c] of CASES.entries()) {
    const x = randomHost(c.x, 110 + i);
    const f = randomHost(c.filter, 120 + i);
    const got = await onBothBackends(
      [x, f],
      (xt, ft) => tf.conv2d(xt as tf.Tensor4D, ft as tf.Tensor4D, c.strides, c.pad),
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: `case ${i} x [${c.x}]` });
  }
});

Deno.test("conv2dConfig() does give conv2d's gradients end to end", async () => {
  const x = randomHost([2, 11, 11, 16], 1);
  const f = randomHost([3, 3, 16, 24], 2);
  const got = await onBothBackends(
    [x, f],
    (xt, ft) => {
      const loss = (a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same").relu().square().sum();
      const [dx, dw] = tf.grads(loss)([xt, ft]);
      return [loss(xt, ft), dx, dw];
    },
  );
  for (const [i, label] of ["loss", "dx", "dw"].entries()) {
    assertClose(got.wasm[i], got.cpu[i], { rtol: 1e-5, label });
  }
});
