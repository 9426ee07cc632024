import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { buildSantaFeLstm, buildSantaFeMlp, santaFeLstmParams, santaFeMlpParams } from "./mod.ts";

Deno.test("buildSantaFeMlp() does Dense(H, tanh) → Dense(1) with its parameter count", async () => {
  await initBackend("cpu");
  const model = buildSantaFeMlp(50, 100);
  assert.equal(model.countParams(), santaFeMlpParams(50, 100));
  assert.equal(model.countParams(), 5201);
  assert.deepEqual(model.outputShape, [null, 1]);
  model.dispose();
});

Deno.test("buildSantaFeLstm() does LSTM(H) → Dense(1) with its parameter count", async () => {
  await initBackend("cpu");
  const model = buildSantaFeLstm(5, 20);
  assert.equal(model.countParams(), santaFeLstmParams(20));
  const y = tf.tidy(() => model.predict(tf.zeros([3, 5, 1])) as tf.Tensor);
  assert.deepEqual(y.shape, [3, 1]);
  tf.dispose(y);
  model.dispose();
});
