import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

Deno.test("castConfig() does share the data when the dtype does not change", async () => {
  await initBackend("wasm");
  const before = tf.memory().numTensors;
  const x = tf.tensor([1.5, -2, 3]);
  const y = tf.cast(x, "float32");
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1.5, -2, 3]);
  y.dispose();
  const i = tf.tensor([4, -5], [2], "int32");
  const j = tf.cast(i, "int32");
  i.dispose();
  assert.deepEqual(Array.from(j.dataSync()), [4, -5]);
  j.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("castConfig() does match the cpu backend across dtypes, bool included", async () => {
  const got = await onBothBackends([randomHost([4, 5], 600, { low: -3, high: 3 })], (x) => [
    x.cast("float32"),
    x.cast("int32").cast("float32"),
    x.greater(0).cast("float32"),
    x.cast("bool").cast("float32"),
    x.cast("int32").cast("bool").cast("float32"),
    x.mul(0).cast("bool").cast("float32"),
    x.cast("int32").cast("int32").toFloat(),
  ]);
  for (const [k, cpu] of got.cpu.entries()) {
    assertClose(got.wasm[k], cpu, { rtol: 0, label: `output ${k}` });
  }
});
