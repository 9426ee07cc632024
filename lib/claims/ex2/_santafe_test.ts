import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { santaFeRow, type SantaFeTraining } from "./_santafe.ts";

const REAL = Deno.env.get("ANNDL_DATA_DIR");
const ROW = { lag: 2, hidden: 4, valSize: 50, folds: 2 };
const TRAINING: SantaFeTraining = { epochs: 1, batchSize: 32, learningRate: 0.01, testSteps: 100 };

Deno.test({
  name: "santaFeRow() does keep the default reading's numbers and run the other readings",
  ignore: !REAL,
  async fn() {
    const backend = await initBackend("cpu");
    const ctx = { seed: 0, scale: "quick" as const, backend, fresh: true };
    const before = tf.memory().numTensors;
    const plain = await santaFeRow("mlp", ROW, TRAINING, ctx);
    const named = await santaFeRow("mlp", ROW, { ...TRAINING, reading: "last-fold" }, ctx);
    // Naming the default reading changes neither the row's seed nor what it measures.
    assert.equal(named.testMse, plain.testMse);
    assert.equal(plain.foldValMse.length, 2);
    const retrain = await santaFeRow("mlp", ROW, { ...TRAINING, reading: "retrain-all" }, ctx);
    assert.notEqual(retrain.testMse, plain.testMse);
    assert.equal(retrain.foldValMse.length, 2); // the folds still validate
    const alone = await santaFeRow("mlp", ROW, {
      ...TRAINING,
      reading: "retrain-all",
      skipFolds: true,
    }, ctx);
    assert.deepEqual(alone.foldValMse, []);
    assert.equal(alone.prediction.length, 100);
    const stopped = await santaFeRow("mlp", ROW, {
      ...TRAINING,
      epochs: 30,
      reading: "early-stop",
      patience: 1,
    }, ctx);
    // Patience 1 stops a fold at its first epoch without a better validation loss.
    assert.ok(stopped.curves.loss.length < 60, `ran ${stopped.curves.loss.length} epochs`);
    assert.equal(tf.memory().numTensors, before);
  },
});
