import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { assertClose, type HostTensor, onBothBackends, randomHost } from "./_both_backends.ts";

/** The gradient of `Σ relu(x)·w` by definition: w where x > 0, else 0. */
function reference(x: HostTensor, w: HostTensor): HostTensor {
  return { shape: x.shape, values: x.values.map((v, i) => (v > 0 ? w.values[i] : 0)) };
}

Deno.test("reluGradConfig() does pass the gradient where the input is positive", async () => {
  // 4·k + 3 elements: vectors and a scalar tail; zeros count as not positive, as in step().
  for (const shape of [[7, 9], [2, 13, 13, 32], [3]]) {
    const x = randomHost(shape, 600 + shape.length, { low: -2, high: 2 });
    x.values.set([0, -0, 1e-30, -1e-30].slice(0, x.values.length), 0);
    const w = randomHost(shape, 700 + shape.length);
    const got = await onBothBackends(
      [x, w],
      (xt, wt) => tf.grad((t: tf.Tensor) => tf.relu(t).mul(wt).sum())(xt),
    );
    const expected = reference(x, w);
    assertClose(got.cpu[0], expected, { rtol: 0, label: `cpu [${shape}]` });
    assertClose(got.wasm[0], expected, { rtol: 0, label: `wasm [${shape}]` });
  }
});

Deno.test("reluGradConfig() does run one ReluGrad kernel on wasm instead of Step and Multiply", async () => {
  await initBackend("wasm");
  const x = tf.randomUniform([64, 32], -1, 1);
  const f = tf.grad((t: tf.Tensor) => tf.relu(t).sum());
  tf.dispose(f(x)); // warm-up
  const before = tf.memory().numTensors;
  const info = await tf.profile(() => tf.dispose(f(x)));
  const names = info.kernels.map((k) => k.name);
  assert.ok(names.includes("ReluGrad"), names.join(", "));
  assert.ok(!names.includes("Step"), names.join(", "));
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});

const ALPHA = 0.2;

/** The gradient of `Σ leakyRelu(x)·w` by definition, in float32: w where x > 0, else w·α. */
function leakyReference(x: HostTensor, w: HostTensor): HostTensor {
  const alpha = Math.fround(ALPHA);
  const values = x.values.map((v, i) => (v > 0 ? w.values[i] : Math.fround(w.values[i] * alpha)));
  return { shape: x.shape, values };
}

Deno.test("leakyReluGradConfig() does pass dy where the input is positive and dy·α elsewhere", async () => {
  // 4·k + 3 elements: vectors and a scalar tail; zeros and NaN take the α side, as in where().
  for (const shape of [[7, 9], [2, 14, 14, 16], [3]]) {
    const x = randomHost(shape, 800 + shape.length, { low: -2, high: 2 });
    x.values.set([0, -0, 1e-30, -1e-30].slice(0, x.values.length), 0);
    const w = randomHost(shape, 900 + shape.length);
    const got = await onBothBackends(
      [x, w],
      (xt, wt) => tf.grad((t: tf.Tensor) => tf.leakyRelu(t, ALPHA).mul(wt).sum())(xt),
    );
    const expected = leakyReference(x, w);
    assertClose(got.cpu[0], expected, { rtol: 0, label: `cpu [${shape}]` });
    assertClose(got.wasm[0], expected, { rtol: 0, label: `wasm [${shape}]` });
  }
});

Deno.test("leakyReluGradConfig() does give tfjs-core's bits on wasm, NaN included", async () => {
  await initBackend("wasm");
  const x = tf.tensor1d([1, -1, 0, NaN, 3e-39, -2.5, 7]);
  const dy = tf.tensor1d([0.3, 0.7, -1.1, 2, 5, -0, 1e-3]);
  const kernel = tf.grad((t: tf.Tensor) => tf.leakyRelu(t, ALPHA).mul(dy).sum())(x);
  const core = tf.where(tf.greater(x, 0), dy, tf.mul(dy, ALPHA));
  assert.deepEqual(Array.from(kernel.dataSync()), Array.from(core.dataSync()));
  tf.dispose([x, dy, kernel, core]);
});

Deno.test("leakyReluGradConfig() does run one LeakyReluGrad kernel on wasm instead of three", async () => {
  await initBackend("wasm");
  const x = tf.randomUniform([64, 32], -1, 1);
  const f = tf.grad((t: tf.Tensor) => tf.leakyRelu(t, ALPHA).sum());
  tf.dispose(f(x)); // warm-up
  const before = tf.memory().numTensors;
  const info = await tf.profile(() => tf.dispose(f(x)));
  const names = info.kernels.map((k) => k.name);
  assert.ok(names.includes("LeakyReluGrad"), names.join(", "));
  assert.ok(!names.includes("SelectV2") && !names.includes("Greater"), names.join(", "));
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});
