/**
 * The other ops the report's models train through, checked on wasm against the cpu backend:
 * their gradients come from tfjs-core's gradient functions built of wasm kernels.
 */
import * as tf from "@tensorflow/tfjs";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

const UNARY: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  tanh: tf.tanh,
  sigmoid: tf.sigmoid,
  erf: tf.erf,
  // GELU, tanh form (Hendrycks & Gimpel 2016), the one a ViT may build instead of erf.
  geluTanh: (x) =>
    x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI))).add(1)),
  leakyRelu: (x) => tf.leakyRelu(x, 0.2),
  elu: tf.elu,
  selu: tf.selu,
  softplus: tf.softplus,
  relu6: tf.relu6,
  softmax: (x) => tf.softmax(x),
  logSoftmax: (x) => tf.logSoftmax(x),
  sqrt: (x) => tf.sqrt(x.abs().add(0.1)),
  rsqrt: (x) => tf.rsqrt(x.abs().add(0.1)),
  exp: tf.exp,
  log1p: (x) => tf.log1p(x.abs()),
  clip: (x) => tf.clipByValue(x, -0.5, 0.5),
};

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of the activations", async () => {
  const x = randomHost([6, 40], 1, { low: -3, high: 3 });
  const dy = randomHost([6, 40], 2);
  for (const [name, f] of Object.entries(UNARY)) {
    const got = await onBothBackends([x, dy], (xt, dyt) => {
      const y = f(xt);
      return [y, tf.grad((t: tf.Tensor) => f(t).mul(dyt).sum())(xt)];
    });
    assertClose(got.wasm[0], got.cpu[0], { label: `${name} value` });
    assertClose(got.wasm[1], got.cpu[1], { label: `${name} gradient` });
  }
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of the losses", async () => {
  const logits = randomHost([8, 10], 3, { low: -4, high: 4 });
  const target = randomHost([8, 10], 4, { low: 0, high: 1 });
  const losses: Record<string, (y: tf.Tensor, p: tf.Tensor) => tf.Tensor> = {
    softmaxCrossEntropy: (y, p) => tf.losses.softmaxCrossEntropy(y, p),
    categoricalCrossentropy: (y, p) => tf.metrics.categoricalCrossentropy(y, tf.softmax(p)).mean(),
    sigmoidCrossEntropy: (y, p) => tf.losses.sigmoidCrossEntropy(y, p),
    meanSquaredError: (y, p) => tf.losses.meanSquaredError(y, p),
    huber: (y, p) => tf.losses.huberLoss(y, p),
  };
  for (const [name, loss] of Object.entries(losses)) {
    const got = await onBothBackends(
      [target, logits],
      (y, p) => tf.grad((t: tf.Tensor) => loss(y, t))(p),
    );
    assertClose(got.wasm[0], got.cpu[0], { label: `${name} gradient` });
  }
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of pooling, batch norm and dropout", async () => {
  const x = randomHost([3, 9, 10, 4], 5, { low: -3, high: -0.5 });
  const cases: Record<string, (t: tf.Tensor) => tf.Tensor> = {
    avgPoolValid: (t) => tf.avgPool(t as tf.Tensor4D, 2, 2, "valid"),
    avgPoolSame: (t) => tf.avgPool(t as tf.Tensor4D, 3, 2, "same"),
    maxPoolOverlapping: (t) => tf.maxPool(t as tf.Tensor4D, 3, 2, "same"),
    batchNorm: (t) => {
      const { mean, variance } = tf.moments(t, [0, 1, 2]);
      return tf.batchNorm(t, mean, variance, tf.fill([4], 0.1), tf.fill([4], 1.5), 1e-3);
    },
    // Dropout's mask comes from its seed, the same on both backends.
    dropout: (t) => tf.dropout(t, 0.5, undefined, 7),
    globalAverage: (t) => t.mean([1, 2]),
  };
  for (const [name, f] of Object.entries(cases)) {
    const got = await onBothBackends([x], (t) => {
      const y = f(t);
      const w = tf.linspace(-1, 1, y.size).reshape(y.shape);
      return [y, tf.grad((u: tf.Tensor) => f(u).mul(w).sum())(t)];
    });
    assertClose(got.wasm[0], got.cpu[0], { label: `${name} value` });
    assertClose(got.wasm[1], got.cpu[1], { label: `${name} gradient` });
  }
});
