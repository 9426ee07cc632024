import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { closedLoopPredict } from "./mod.ts";

/** A fixed linear predictor: next = w·window, no bias. */
function linearModel(weights: number[], sequence: boolean): tf.Sequential {
  const model = tf.sequential();
  if (sequence) model.add(tf.layers.flatten({ inputShape: [weights.length, 1] }));
  model.add(tf.layers.dense({
    units: 1,
    useBias: false,
    inputShape: sequence ? undefined : [weights.length],
    weights: [tf.tensor2d(weights, [weights.length, 1])],
  }));
  return model;
}

Deno.test("closedLoopPredict() does feed its own predictions back", async () => {
  await initBackend("cpu");
  // next = previous + (previous − the one before): a straight line continues.
  const model = linearModel([-1, 2], false);
  const before = tf.memory().numTensors;
  const out = await closedLoopPredict(model, [0, 1, 2, 3], { lag: 2, steps: 3 });
  assert.deepEqual(Array.from(out), [4, 5, 6]);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

Deno.test("closedLoopPredict() does [1, lag, 1] windows for sequence models", async () => {
  await initBackend("cpu");
  const model = linearModel([0, 0, 2], true); // next = 2·last
  const out = await closedLoopPredict(model, [5, 1, 1], { lag: 3, steps: 3, sequence: true });
  assert.deepEqual(Array.from(out), [2, 4, 8]);
  model.dispose();
});

Deno.test("closedLoopPredict() rejects a history shorter than the lag", async () => {
  await initBackend("cpu");
  const model = linearModel([1, 1], false);
  await assert.rejects(closedLoopPredict(model, [1], { lag: 2, steps: 1 }), {
    message: "History must hold at least lag=2 values: got 1",
  });
  model.dispose();
});
