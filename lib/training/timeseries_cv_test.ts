import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { slidingWindows } from "../data/mod.ts";
import { crossValidateSeries } from "./mod.ts";

function build(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
  model.compile({ optimizer: tf.train.adam(0.05), loss: "meanSquaredError" });
  return model;
}

Deno.test("crossValidateSeries() does one model through the folds with a val MSE each", async () => {
  await initBackend("cpu");
  const series = Array.from({ length: 60 }, (_, i) => Math.sin(i / 3));
  const windows = slidingWindows(series, 3);
  let builds = 0;
  const before = tf.memory().numTensors;
  const cv = await crossValidateSeries(() => (builds++, build()), windows, {
    folds: 3,
    valSize: 5,
    gap: 3,
    epochs: 2,
    batchSize: 8,
    label: "linear",
  });
  assert.equal(builds, 1);
  assert.equal(cv.foldValMse.length, 3);
  assert.equal(cv.curves.loss.length, 6); // 2 epochs × 3 folds
  assert.ok(cv.foldValMse.every(Number.isFinite));
  cv.model.optimizer.dispose();
  cv.model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("crossValidateSeries() does a fresh model per fold without warm start", async () => {
  await initBackend("cpu");
  const windows = slidingWindows(Array.from({ length: 40 }, (_, i) => i % 5), 3);
  let builds = 0;
  const cv = await crossValidateSeries(() => (builds++, build()), windows, {
    folds: 2,
    valSize: 4,
    gap: 3,
    epochs: 1,
    batchSize: 8,
    warmStart: false,
    label: "linear",
  });
  assert.equal(builds, 2);
  cv.model.dispose();
});
