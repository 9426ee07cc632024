import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";

Deno.test("identityConfig() does share the data and keep it until the last holder is disposed", async () => {
  await initBackend("wasm");
  const before = tf.memory().numTensors;
  const x = tf.tensor([1, -2, 3]);
  const y = tf.clone(x);
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, -2, 3]);
  const v = tf.variable(y);
  y.dispose();
  const doubled = tf.tidy(() => v.mul(2));
  v.assign(doubled);
  doubled.dispose();
  assert.deepEqual(Array.from(v.dataSync()), [2, -4, 6]);
  v.dispose();
  assert.equal(tf.memory().numTensors, before);
});
