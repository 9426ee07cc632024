import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { assertClose, randomHost } from "./_both_backends.ts";
import { simdKernelMode, useSimdKernels } from "./simd_kernels.ts";

Deno.test("useSimdKernels() does switch builds, each giving the same gradients without leaks", async () => {
  await initBackend("wasm");
  const x = randomHost([3, 13, 13, 16], 1);
  const dy = randomHost([3, 11, 11, 24], 2);
  const xp = randomHost([3, 22, 22, 8], 3);
  const results = new Map<string, Float32Array[]>();
  try {
    for (const mode of ["off", "plain", "relaxed"] as const) {
      useSimdKernels(mode);
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => {
        const dw = tf.engine().runKernel("Conv2DBackpropFilter", {
          x: tf.tensor(x.values, x.shape),
          dy: tf.tensor(dy.values, dy.shape),
        }, { strides: [1, 1], pad: "valid", dataFormat: "NHWC", filterShape: [3, 3, 16, 24] });
        const input = tf.tensor4d(xp.values, xp.shape as [number, number, number, number]);
        const y = tf.maxPool(input, 2, 2, "valid");
        const dx = tf.engine().runKernel("MaxPoolGrad", { dy: y.neg(), input, output: y }, {
          filterSize: [2, 2],
          strides: [2, 2],
          pad: "valid",
        });
        return [dw, dx] as tf.Tensor[];
      });
      results.set(mode, out.map((t) => t.dataSync() as Float32Array));
      const expected = mode === "relaxed" ? ["relaxed", "plain"] : [mode]; // plain without relaxed SIMD
      assert.ok(expected.includes(simdKernelMode()), `${mode}: runs ${simdKernelMode()}`);
      tf.dispose(out);
      assert.equal(tf.memory().numTensors, before, `${mode}: tensors leaked`);
    }
  } finally {
    useSimdKernels(undefined);
  }
  const [dwOff, dxOff] = results.get("off")!;
  for (const mode of ["plain", "relaxed"]) {
    const [dw, dx] = results.get(mode)!;
    assertClose({ shape: [dw.length], values: dw }, { shape: [dwOff.length], values: dwOff }, {
      rtol: 1e-5,
      label: `${mode} filter gradient`,
    });
    assert.deepEqual(dx, dxOff, `${mode} pooling gradient`);
  }
});
