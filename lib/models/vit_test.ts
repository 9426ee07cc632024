import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import {
  buildVit,
  LayerNorm,
  MultiHeadSelfAttention,
  scaledDotProductAttention,
  VIT_CONFIGS,
  vitParams,
} from "./mod.ts";

await initBackend("cpu");

Deno.test("vitParams() does match the built model for the five configurations", () => {
  for (const [name, config] of Object.entries(VIT_CONFIGS)) {
    const model = buildVit(config);
    assert.equal(model.countParams(), vitParams(config), name);
    model.dispose();
  }
});

Deno.test("buildVit() does start its dense kernels with Glorot's spread, not tfjs' narrower one", () => {
  // A [16, 8] kernel (the first block's second MLP layer): Glorot's limit √(6 / 24) = 0.5, so
  // |w| ≤ 0.5 and a standard deviation of 0.5 / √3 ≈ 0.289 (0.88 of that under tfjs' default).
  const model = buildVit({ dim: 8, depth: 2, heads: 2, mlpDim: 16 });
  const values = [...model.getLayer("mlp2_0").getWeights()[0].dataSync() as Float32Array];
  const std = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
  assert.ok(values.every((v) => Math.abs(v) <= 0.5), "inside Glorot's limit");
  assert.ok(std > 0.24 && std < 0.34, `std ${std}`);
  model.dispose();
});

Deno.test("buildVit() does map [b, 28, 28, 1] to class probabilities [b, 10]", async () => {
  const model = buildVit({ dim: 8, depth: 2, heads: 2, mlpDim: 16 });
  await expectNoLeak("vit forward", async () => {
    const probs = tf.tidy(() => model.predict(tf.randomUniform([3, 28, 28, 1])) as tf.Tensor);
    assert.deepEqual(probs.shape, [3, 10]);
    const total = probs.sum(1);
    const sums = await total.data();
    total.dispose();
    for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5);
    probs.dispose();
  });
  model.dispose();
});

Deno.test("MultiHeadSelfAttention() does equal per-head scaledDotProductAttention", () => {
  const [b, n, dim, heads] = [2, 5, 6, 2];
  const layer = new MultiHeadSelfAttention({ dim, heads });
  const x = tf.randomNormal([b, n, dim]);
  const y = layer.apply(x) as tf.Tensor;
  const [wqkv, wo, bo] = layer.getWeights();
  const expected = tf.tidy(() => {
    const qkv = tf.matMul(x.reshape([b * n, dim]), wqkv); // [b·n, 3·dim]
    const headsOut = [];
    for (let h = 0; h < heads; h++) {
      const part = (i: number) => qkv.slice([0, i * dim + h * 3], [b * n, 3]).reshape([b, n, 3]);
      const { output, weights } = scaledDotProductAttention(part(0), part(1), part(2));
      weights.dispose();
      headsOut.push(output);
    }
    const merged = tf.concat(headsOut, 2).reshape([b * n, dim]);
    return tf.matMul(merged, wo).add(bo).reshape([b, n, dim]);
  });
  assert.ok(tf.abs(tf.sub(y, expected)).max().dataSync()[0] < 1e-5);
  tf.dispose([x, y, expected]);
  layer.dispose();
});

Deno.test("LayerNorm() does give zero mean and unit variance per token", () => {
  const layer = new LayerNorm({ dim: 4 });
  const y = layer.apply(tf.tensor3d([[[1, 2, 3, 4], [10, 0, 10, 0]]])) as tf.Tensor;
  const { mean, variance } = tf.moments(y, -1);
  assert.ok(tf.abs(mean).max().dataSync()[0] < 1e-6);
  assert.ok(tf.abs(variance.sub(1)).max().dataSync()[0] < 1e-4);
  layer.dispose();
});

Deno.test("buildVit() does reject heads that do not divide dim", () => {
  assert.throws(
    () => buildVit({ dim: 10, depth: 1, heads: 3, mlpDim: 8 }),
    { message: "Heads must divide dim: got dim 10 and 3 heads" },
  );
});

Deno.test("Adam learningRate does take effect when set between epochs (tfjs 4.22)", () => {
  // The 3.3.1 claim decays the rate per epoch by assigning this field.
  const w = tf.variable(tf.tensor1d([1]));
  const adam = tf.train.adam(0.1);
  const step = () => adam.minimize(() => w.square().sum() as tf.Scalar);
  step();
  const afterFirst = w.dataSync()[0];
  (adam as unknown as { learningRate: number }).learningRate = 0;
  step();
  assert.equal(w.dataSync()[0], afterFirst);
  (adam as unknown as { learningRate: number }).learningRate = 0.1;
  step();
  assert.ok(w.dataSync()[0] < afterFirst);
  adam.dispose();
  w.dispose();
});
