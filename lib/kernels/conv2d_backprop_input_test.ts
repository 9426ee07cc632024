import * as tf from "@tensorflow/tfjs";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

type Pad =
  | "same"
  | "valid"
  | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
}

const CASES: Case[] = [
  { x: [4, 13, 13, 8], filter: [3, 3, 8, 6], strides: [1, 1], pad: "valid" }, // the CNN's second layer
  { x: [2, 9, 11, 3], filter: [3, 2, 3, 4], strides: [2, 3], pad: "same" },
  { x: [2, 10, 8, 2], filter: [4, 4, 2, 3], strides: [2, 2], pad: "valid" }, // unused last rows
  { x: [1, 7, 7, 2], filter: [5, 3, 2, 2], strides: [3, 2], pad: "same" },
  { x: [2, 8, 7, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]] },
  { x: [2, 6, 5, 2], filter: [2, 2, 2, 3], strides: [1, 1], pad: [[0, 0], [3, 0], [0, 4], [0, 0]] }, // wider than the filter
  { x: [3, 6, 6, 4], filter: [1, 1, 4, 3], strides: [2, 2], pad: "valid" },
  { x: [2, 8, 8, 5], filter: [5, 5, 5, 3], strides: [2, 2], pad: "same" }, // a DCGAN-style up-sampling
  { x: [3, 28, 28, 1], filter: [7, 7, 1, 8], strides: [7, 7], pad: "valid" }, // ViT patches
  { x: [2, 11, 9, 3], filter: [3, 2, 3, 4], strides: [3, 2], pad: "valid" }, // patches, a rest
  { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: "valid" }, // full width
  { x: [1, 9, 9, 4], filter: [1, 1, 4, 700], strides: [1, 1], pad: "valid" }, // Cout over two passes of 320
];

Deno.test("conv2dBackpropInputConfig() does match the cpu backend over strides and paddings", async () => {
  for (const [i, c] of CASES.entries()) {
    const outShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
    const dy = randomHost(outShape, 30 + i, { low: -3, high: 2 });
    const filter = randomHost(c.filter, 40 + i);
    const got = await onBothBackends(
      [dy, filter],
      (dyt, ft) =>
        tf.engine().runKernel("Conv2DBackpropInput", { dy: dyt, filter: ft }, {
          inputShape: c.x,
          strides: c.strides,
          pad: c.pad,
          dataFormat: "NHWC",
        }) as tf.Tensor,
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: `case ${i} x [${c.x}]` });
  }
});

Deno.test("conv2dBackpropInputConfig() does give conv2dTranspose's output and gradients", async () => {
  const x = randomHost([2, 4, 4, 6], 3);
  const f = randomHost([5, 5, 3, 6], 4); // [fh, fw, out channels, in channels]
  const got = await onBothBackends([x, f], (xt, ft) => {
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 8, 8, 3], 2, "same").square()
        .sum();
    const y = tf.conv2dTranspose(xt as tf.Tensor4D, ft as tf.Tensor4D, [2, 8, 8, 3], 2, "same");
    return [y, ...tf.grads(loss)([xt, ft])];
  });
  for (const [i, label] of ["output", "input gradient", "filter gradient"].entries()) {
    assertClose(got.wasm[i], got.cpu[i], { label });
  }
});
