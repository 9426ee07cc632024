import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { Adadelta } from "./mod.ts";

Deno.test("Adadelta() takes Keras' first step: −√ε/√((1−ρ)g² + ε)·g", async () => {
  await initBackend("cpu");
  const w = tf.variable(tf.scalar(1));
  const optimizer = new Adadelta(1);
  const before = tf.memory().numTensors;
  optimizer.minimize(() => w.square() as tf.Scalar); // g = 2
  const expected = 1 - (Math.sqrt(1e-7) / Math.sqrt(0.05 * 4 + 1e-7)) * 2;
  assert.ok(Math.abs(w.dataSync()[0] - expected) < 1e-6, `w = ${w.dataSync()[0]}`);
  // Two running averages appear on the first step, nothing else stays.
  assert.equal(tf.memory().numTensors, before + 2);
  optimizer.dispose();
  w.dispose();
});

Deno.test("Adadelta() minimizes a quadratic with learning rate 1", async () => {
  await initBackend("cpu");
  const w = tf.variable(tf.tensor1d([3, -2]));
  const optimizer = new Adadelta(1);
  for (let i = 0; i < 2000; i++) optimizer.minimize(() => w.square().sum() as tf.Scalar);
  assert.ok(Math.max(...w.dataSync().map(Math.abs)) < 0.5, `w = ${w.dataSync()}`);
  optimizer.dispose();
  w.dispose();
});

Deno.test("Adadelta() refuses rho = 1", () => {
  assert.throws(() => new Adadelta(1, 1), {
    message: "Adadelta needs learningRate > 0, 0 ≤ rho < 1 and epsilon > 0: got 1, 1, 1e-7",
  });
});
