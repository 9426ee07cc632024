import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { initBackend } from "../backend/mod.ts";
import {
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
  WASM_TRAINING_KERNELS,
} from "./mod.ts";
import { release, runNative } from "./_native.ts";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

Deno.test("registerWasmTrainingKernels() does nothing when the kernels are registered", async () => {
  await initBackend("wasm"); // registers them
  assert.deepEqual(registerWasmTrainingKernels(), []);
  for (const config of WASM_TRAINING_KERNELS) {
    assert.equal(tf.getKernel(config.kernelName, "wasm")?.kernelFunc, config.kernelFunc);
  }
});

Deno.test("unregisterWasmTrainingKernels() does put the native kernels back", async () => {
  await initBackend("wasm");
  try {
    const restored = unregisterWasmTrainingKernels();
    assert.ok(
      restored.includes("MaxPoolGrad") && restored.includes("Tile gradient"),
      `${restored}`,
    );
    assert.equal(tf.getKernel("Conv2DBackpropFilter", "wasm"), undefined);
    assert.notEqual(tf.getKernel("MaxPoolGrad", "wasm"), undefined);
    assert.deepEqual(unregisterWasmTrainingKernels(), []);
  } finally {
    registerWasmTrainingKernels();
  }
  const y = tf.tidy(() =>
    tf.matMul(tf.ones([2, 3]), tf.ones([4, 3]), false, true).sum().dataSync()
  );
  assert.equal(y[0], 24);
});

Deno.test("registerWasmTrainingKernels() does replace the native MaxPoolGrad, wrong on negatives", async () => {
  // The reason for the kernel: 4.22's own MaxPoolGrad, still callable, fails the comparison.
  const x = randomHost([2, 6, 6, 3], 1, { low: -4, high: -1 });
  const dy = randomHost([2, 3, 3, 3], 2);
  const attrs = { filterSize: [2, 2], strides: [2, 2], pad: "valid" };
  const oracle = await onBothBackends([x, dy], (xt, dyt) => {
    const y = tf.maxPool(xt as tf.Tensor4D, 2, 2, "valid");
    return tf.engine().runKernel(
      "MaxPoolGrad",
      { dy: dyt, input: xt, output: y },
      attrs,
    ) as tf.Tensor;
  });
  const backend = tf.backend() as BackendWasm;
  const [xt, dyt] = [tf.tensor(x.values, x.shape), tf.tensor(dy.values, dy.shape)];
  const y = tf.maxPool(xt as tf.Tensor4D, 2, 2, "valid");
  const native = runNative("MaxPoolGrad", backend, { dy: dyt, input: xt, output: y }, attrs);
  const values = (backend.readSync(native.dataId) as Float32Array).slice();
  release(backend, native);
  tf.dispose([xt, dyt, y]);
  assert.throws(
    () => assertClose({ shape: x.shape, values }, oracle.cpu[0], { label: "native MaxPoolGrad" }),
    /native MaxPoolGrad: max difference/,
  );
  assertClose(oracle.wasm[0], oracle.cpu[0], { label: "MaxPoolGrad" });
});

Deno.test("assertClose() does report the worst difference against the magnitude", () => {
  const expected = { shape: [3], values: new Float32Array([1, -2, 4]) };
  const near = { shape: [3], values: new Float32Array([1, -2, 4.5]) };
  assert.equal(assertClose(near, expected, { rtol: 0.2 }), 0.125);
  assert.throws(
    () => assertClose({ shape: [3], values: new Float32Array([1, -2.5, 4]) }, expected),
    {
      message:
        "values: max difference 0.5 at index 1 (wasm -2.5, cpu -2) is 0.125 of the magnitude 4, " +
        "above 0.0001",
    },
  );
  assert.throws(
    () => assertClose({ shape: [1, 3], values: expected.values }, expected, { label: "dw" }),
    { message: "dw: expected shape [3], got [1,3]" },
  );
});
