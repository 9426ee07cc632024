import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { initBackend } from "../backend/mod.ts";
import { release, runNative } from "./_native.ts";
import { randomHost } from "./_both_backends.ts";

Deno.test("leakyReluConfig() does give the native kernel's bits, NaN, ±0 and a tail included", async () => {
  await initBackend("wasm");
  const backend = tf.backend() as BackendWasm;
  const random = randomHost([1003], 7, { low: -5, high: 5 }).values; // not a multiple of 4
  const values = Float32Array.from([...random, NaN, -0, 0, -Infinity, Infinity, -1e-40]);
  for (const alpha of [0.2, 0.01, 1.7]) {
    const x = tf.tensor(values);
    const ours = tf.leakyRelu(x, alpha);
    const native = runNative("LeakyRelu", backend, { x }, { alpha });
    const got = new Uint32Array((ours.dataSync() as Float32Array).slice().buffer);
    const want = new Uint32Array((backend.readSync(native.dataId) as Float32Array).slice().buffer);
    release(backend, native);
    tf.dispose([x, ours]);
    assert.deepEqual(got, want, `alpha ${alpha}`);
  }
});

Deno.test("leakyReluConfig() does pass int32 inputs to the native kernel (float32 out)", async () => {
  await initBackend("wasm");
  const y = tf.leakyRelu(tf.tensor([-3, 0, 2], undefined, "int32"), 0.5);
  assert.equal(y.dtype, "float32");
  assert.deepEqual(Array.from(y.dataSync()), [-1.5, 0, 2]);
  y.dispose();
});
