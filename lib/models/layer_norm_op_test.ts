import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import type { FusedPath } from "./_host_data.ts";
import { layerNorm } from "./layer_norm_op.ts";
import { assertClose } from "../kernels/_both_backends.ts";
import { useSimdKernels } from "../kernels/mod.ts";

const EPSILON = 1e-5;
// float32 formula against double loops: measured ≤ 2e-7 of the tensor's scale, 2.6e-6 on wasm
// for the rows of mean 50, where the formula's float32 x − mean rounds.
const RTOL = 1e-5;
// Shapes [..., dim] incl. the ViT's token tensors; the last has a large mean for the moments.
const CASES: { shape: number[]; offset: number }[] = [
  { shape: [128, 17, 64], offset: 0 },
  { shape: [3, 5, 7], offset: 0 },
  { shape: [9, 1], offset: 0 },
  { shape: [2, 4, 3, 32], offset: 0 },
  { shape: [6, 48], offset: 50 },
];
const NAMES = ["value", "dx", "dGamma", "dBeta"];

/** Value and the gradients of Σ w·LN(x) in x, γ and β. */
function valueAndGrads(path: FusedPath, shape: number[], offset: number, seed: number) {
  const dim = shape[shape.length - 1];
  const x = tf.tidy(() => tf.randomNormal(shape, offset, 2, "float32", seed));
  const gamma = tf.randomNormal([dim], 1, 0.5, "float32", seed + 1) as tf.Tensor1D;
  const beta = tf.randomNormal([dim], 0, 0.5, "float32", seed + 2) as tf.Tensor1D;
  const w = tf.randomNormal(shape, 0, 1, "float32", seed + 3);
  const out = tf.tidy(() => {
    const y = layerNorm(x, gamma, beta, EPSILON, path);
    const loss = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      layerNorm(a, g as tf.Tensor1D, b as tf.Tensor1D, EPSILON, path).mul(w).sum();
    return [y, ...tf.grads(loss)([x, gamma, beta])].map((t) => Float32Array.from(t.dataSync()));
  });
  tf.dispose([x, gamma, beta, w]);
  return out;
}

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`layerNorm() host path does match the tensor-op formula and its gradients on ${backend}`, async () => {
    await initBackend(backend);
    for (const [c, { shape, offset }] of CASES.entries()) {
      const ops = valueAndGrads("ops", shape, offset, 10 * c + 1);
      const host = await expectNoLeak(
        `layerNorm host ${shape}`,
        () => valueAndGrads("host", shape, offset, 10 * c + 1),
      );
      for (const [k, expected] of ops.entries()) {
        // Worst difference relative to the tensor's largest value (absolute for an all-zero one).
        assertClose({ shape: [host[k].length], values: host[k] }, {
          shape: [expected.length],
          values: expected,
        }, { rtol: RTOL, label: `${backend} [${shape}] ${NAMES[k]}` });
      }
    }
  });
}

Deno.test("layerNorm() does give zero mean and unit variance per row on the host", async () => {
  await initBackend("wasm");
  const [mean, variance] = tf.tidy(() => {
    const y = layerNorm(
      tf.tensor2d([[1, 2, 3, 4], [10, 0, 10, 0]]),
      tf.ones([4]),
      tf.zeros([4]),
      0,
    );
    const m = tf.moments(y, -1);
    return [m.mean.dataSync(), m.variance.dataSync()];
  });
  for (const m of mean) assert.ok(Math.abs(m) < 1e-7);
  for (const v of variance) assert.ok(Math.abs(v - 1) < 1e-6);
});

Deno.test("layerNorm() does reject γ and β of another width", async () => {
  await initBackend("cpu");
  const x = tf.zeros([2, 3]);
  const wrong = tf.ones([4]) as tf.Tensor1D;
  assert.throws(() => layerNorm(x, wrong, wrong, EPSILON), RangeError);
  tf.dispose([x, wrong]);
});

Deno.test("layerNorm() does give the same bits through the wasm kernels as through the host loops", async () => {
  await initBackend("wasm");
  for (const [c, { shape, offset }] of CASES.entries()) {
    const runs = (["relaxed", "off"] as const).map((mode) => {
      useSimdKernels(mode); // off: the JavaScript loops over the heap
      try {
        return valueAndGrads("host", shape, offset, 10 * c + 7);
      } finally {
        useSimdKernels(undefined);
      }
    });
    for (const [k, values] of runs[1].entries()) {
      assert.deepEqual(Array.from(runs[0][k]), Array.from(values), `[${shape}] ${NAMES[k]}`);
    }
  }
});
