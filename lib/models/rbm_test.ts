import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import { BernoulliRbm } from "./mod.ts";

await initBackend("cpu");

// Two complementary 8-pixel patterns, repeated: an RBM learns them within a few epochs.
const PATTERNS = tf.tensor2d(
  Array.from(
    { length: 40 },
    (_, i) => i % 2 === 0 ? [1, 1, 1, 1, 0, 0, 0, 0] : [0, 0, 0, 0, 1, 1, 1, 1],
  ),
);

Deno.test("BernoulliRbm.fitEpoch() does raise the pseudo-likelihood of the data", async () => {
  await expectNoLeak("rbm training", async () => {
    const rbm = new BernoulliRbm(8, 4, { seed: 3, learningRate: 0.1, batchSize: 10 });
    const before = await rbm.pseudoLikelihood(PATTERNS);
    for (let epoch = 0; epoch < 30; epoch++) rbm.fitEpoch(PATTERNS);
    const after = await rbm.pseudoLikelihood(PATTERNS);
    assert.ok(after > before + 1, `pseudo-likelihood ${before} then ${after}`);
    rbm.dispose();
  });
});

Deno.test("BernoulliRbm.gibbs() does return binary samples and their probabilities", async () => {
  const rbm = new BernoulliRbm(8, 4, { seed: 1 });
  const { sample, mean } = rbm.gibbs(PATTERNS, { steps: 3 });
  assert.deepEqual(sample.shape, [40, 8]);
  assert.ok((await sample.data()).every((v) => v === 0 || v === 1));
  assert.ok((await mean.data()).every((v) => v > 0 && v < 1));
  assert.throws(() => rbm.gibbs(PATTERNS, { steps: 0 }), {
    message: "Gibbs steps must be a positive integer: got 0",
  });
  tf.dispose([sample, mean]);
  rbm.dispose();
});

Deno.test("BernoulliRbm.gibbs() does keep clamped units at their start values", async () => {
  const rbm = new BernoulliRbm(8, 4, { seed: 1 });
  const known = tf.tensor2d(Array.from({ length: 40 }, () => [1, 1, 1, 1, 0, 0, 0, 0]));
  const { sample, mean } = rbm.gibbs(PATTERNS, { steps: 5, known });
  const [s, m, p] = [await sample.array(), await mean.array(), await PATTERNS.array()];
  assert.deepEqual(s.map((row) => row.slice(0, 4)), p.map((row) => row.slice(0, 4)));
  assert.deepEqual(m.map((row) => row.slice(0, 4)), p.map((row) => row.slice(0, 4)));
  tf.dispose([known, sample, mean]);
  rbm.dispose();
});

Deno.test("BernoulliRbm.fromSnapshot() does rebuild the same free energies", async () => {
  const rbm = new BernoulliRbm(8, 4, { seed: 2 });
  rbm.fitEpoch(PATTERNS);
  const copy = BernoulliRbm.fromSnapshot(await rbm.snapshot());
  const [a, b] = [rbm.freeEnergy(PATTERNS), copy.freeEnergy(PATTERNS)];
  assert.deepEqual(await a.data(), await b.data());
  assert.equal(copy.paramCount, 8 * 4 + 8 + 4);
  tf.dispose([a, b]);
  rbm.dispose();
  copy.dispose();
});

Deno.test("BernoulliRbm() does refuse bad sizes and inputs", () => {
  assert.throws(() => new BernoulliRbm(0, 4), {
    message: "RBM sizes must be positive integers: got visible 0, hidden 4",
  });
  const rbm = new BernoulliRbm(8, 4);
  const wrong = tf.zeros([2, 5]) as tf.Tensor2D;
  assert.throws(() => rbm.partialFit(wrong), { message: "RBM input must be [n, 8]: got [2, 5]" });
  wrong.dispose();
  rbm.dispose();
});
