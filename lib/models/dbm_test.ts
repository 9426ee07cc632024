import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import { BernoulliRbm, DeepBoltzmannMachine } from "./mod.ts";

await initBackend("cpu");

const PATTERNS = tf.tensor2d(
  Array.from(
    { length: 40 },
    (_, i) => i % 2 === 0 ? [1, 1, 1, 1, 0, 0, 0, 0] : [0, 0, 0, 0, 1, 1, 1, 1],
  ),
);

async function stacked(): Promise<DeepBoltzmannMachine> {
  const first = new BernoulliRbm(8, 4, { seed: 1, learningRate: 0.5 });
  const second = new BernoulliRbm(4, 3, { seed: 2, learningRate: 0.5 });
  for (let epoch = 0; epoch < 100; epoch++) first.fitEpoch(PATTERNS);
  const features = first.hiddenProbs(PATTERNS);
  for (let epoch = 0; epoch < 100; epoch++) second.fitEpoch(features);
  const dbm = DeepBoltzmannMachine.fromRbms(await first.snapshot(), await second.snapshot(), {
    chains: 10,
    learningRate: 0.05,
  });
  tf.dispose(features);
  first.dispose();
  second.dispose();
  return dbm;
}

Deno.test("DeepBoltzmannMachine.fitEpoch() does train without leaking and keeps shapes", async () => {
  const dbm = await stacked();
  await expectNoLeak("dbm training", () => {
    for (let epoch = 0; epoch < 5; epoch++) dbm.fitEpoch(PATTERNS, 10);
  });
  assert.deepEqual(dbm.sizes, [8, 4, 3]);
  assert.equal(dbm.paramCount, 8 * 4 + 4 * 3 + 8 + 4 + 3);
  dbm.dispose();
});

Deno.test("DeepBoltzmannMachine.gibbs() does sample images that resemble the patterns", async () => {
  const dbm = await stacked();
  for (let epoch = 0; epoch < 10; epoch++) dbm.fitEpoch(PATTERNS, 10);
  const { sample, mean } = dbm.gibbs(PATTERNS, { steps: 20 });
  assert.deepEqual(mean.shape, [40, 8]);
  const rows = await mean.array();
  // A learnt pattern has its first four pixels all on or all off.
  const split = rows.filter((r) => Math.abs(r[0] - r[3]) < 0.5 && Math.abs(r[0] - r[4]) > 0.5);
  assert.ok(split.length >= 30, `${split.length} of 40 samples look like a pattern`);
  assert.throws(() => dbm.gibbs(PATTERNS, { steps: 0 }), {
    message: "Gibbs steps must be a positive integer: got 0",
  });
  tf.dispose([sample, mean]);
  dbm.dispose();
});

Deno.test("DeepBoltzmannMachine.fromRbms() does refuse RBMs that do not stack", async () => {
  const first = new BernoulliRbm(8, 4);
  const second = new BernoulliRbm(5, 3);
  const [a, b] = [await first.snapshot(), await second.snapshot()];
  assert.throws(() => DeepBoltzmannMachine.fromRbms(a, b), {
    message: "The second RBM must have 4 visible units (the first one's hidden units): got 5",
  });
  first.dispose();
  second.dispose();
});

Deno.test("DeepBoltzmannMachine.restore() continues a saved DBM's training exactly", async () => {
  const uncut = await stacked();
  for (let epoch = 0; epoch < 4; epoch++) uncut.fitEpoch(PATTERNS, 10);
  const cut = await stacked();
  for (let epoch = 0; epoch < 2; epoch++) cut.fitEpoch(PATTERNS, 10);
  // Through structuredClone, as a checkpoint file gives the state back.
  const saved = structuredClone(await cut.state());
  cut.dispose();
  await expectNoLeak("dbm restore", () => {
    const resumed = DeepBoltzmannMachine.restore(saved, { learningRate: 0.05 });
    resumed.dispose();
  });
  const resumed = DeepBoltzmannMachine.restore(saved, { learningRate: 0.05 });
  for (let epoch = 0; epoch < 2; epoch++) resumed.fitEpoch(PATTERNS, 10);
  assert.deepEqual(await resumed.state(), await uncut.state());
  const fresh = await stacked();
  for (let epoch = 0; epoch < 4; epoch++) fresh.fitEpoch(PATTERNS, 9);
  assert.notDeepEqual((await fresh.state()).snapshot, (await uncut.state()).snapshot);
  [uncut, resumed, fresh].forEach((dbm) => dbm.dispose());
});
