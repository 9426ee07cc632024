import * as tf from "@tensorflow/tfjs";
import { assertClose, type HostTensor, onBothBackends, randomHost } from "./_both_backends.ts";

interface Case {
  x: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: "same" | "valid";
}

const CASES: Case[] = [
  { x: [4, 26, 26, 5], filterSize: [2, 2], strides: [2, 2], pad: "valid" }, // the CNN's first pooling
  { x: [3, 11, 11, 4], filterSize: [2, 2], strides: [2, 2], pad: "valid" }, // odd: last row unused
  { x: [2, 11, 9, 3], filterSize: [2, 2], strides: [2, 2], pad: "same" }, // windows over the edge
  { x: [2, 10, 9, 3], filterSize: [3, 2], strides: [3, 2], pad: "same" },
  { x: [2, 9, 9, 3], filterSize: [3, 3], strides: [2, 2], pad: "valid" }, // overlapping windows
  { x: [2, 8, 7, 2], filterSize: [3, 3], strides: [1, 2], pad: "same" },
  { x: [2, 26, 26, 32], filterSize: [2, 2], strides: [2, 2], pad: "valid" }, // channel vectors
  { x: [2, 11, 9, 8], filterSize: [2, 2], strides: [2, 2], pad: "same" }, // vectors over the edge
  { x: [1, 10, 9, 12], filterSize: [3, 2], strides: [3, 2], pad: "same" },
];

function poolGrad(c: Case) {
  return (x: tf.Tensor, dy: tf.Tensor) => {
    const y = tf.maxPool(x as tf.Tensor4D, c.filterSize, c.strides, c.pad);
    return tf.engine().runKernel("MaxPoolGrad", { dy, input: x, output: y }, {
      filterSize: c.filterSize,
      strides: c.strides,
      pad: c.pad,
    }) as tf.Tensor;
  };
}

function dyFor(c: Case, seed: number): HostTensor {
  const shape = tf.backend_util.computePool2DInfo(c.x, c.filterSize, c.strides, 1, c.pad).outShape;
  return randomHost(shape, seed, { low: -2, high: 3 });
}

Deno.test("maxPoolGradConfig() does match the cpu backend on negative inputs", async () => {
  for (const [i, c] of CASES.entries()) {
    // All inputs negative: 4.22's native kernel sent each window's gradient to its first element.
    const x = randomHost(c.x, 50 + i, { low: -5, high: -0.5 });
    const got = await onBothBackends([x, dyFor(c, 60 + i)], poolGrad(c));
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-6, label: `case ${i} x [${c.x}]` });
  }
});

Deno.test("maxPoolGradConfig() does match the cpu backend on mixed-sign inputs", async () => {
  for (const [i, c] of CASES.entries()) {
    const x = randomHost(c.x, 70 + i, { low: -3, high: 3 });
    const got = await onBothBackends([x, dyFor(c, 80 + i)], poolGrad(c));
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-6, label: `case ${i} x [${c.x}]` });
  }
});

Deno.test("maxPoolGradConfig() does send a tied window's gradient to its first maximum", async () => {
  // Values on a coarse grid make ties common (as after a ReLU, where zeros tie).
  for (const [i, c] of CASES.entries()) {
    const x = randomHost(c.x, 90 + i, { low: -2, high: 2 });
    x.values.forEach((v, j) => x.values[j] = Math.round(v));
    const got = await onBothBackends([x, dyFor(c, 100 + i)], poolGrad(c));
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-6, label: `case ${i} x [${c.x}]` });
  }
});

Deno.test("maxPoolGradConfig() does keep the sum of the gradient", async () => {
  const c = CASES[0];
  const x = randomHost(c.x, 7, { low: -1, high: 1 });
  const dy = dyFor(c, 8);
  const got = await onBothBackends([x, dy], poolGrad(c));
  const sum = (v: Float32Array) => v.reduce((s, a) => s + a, 0);
  const expected = sum(dy.values);
  const actual = sum(got.wasm[0].values);
  if (Math.abs(actual - expected) > 1e-3 * Math.abs(expected)) {
    throw new Error(`Expected the gradient to sum to ${expected}: got ${actual}`);
  }
});
