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
