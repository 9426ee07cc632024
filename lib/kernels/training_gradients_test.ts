/**
 * End-to-end: the gradients of each model type's loss with respect to all its weights are the
 * same on wasm (with this folder's kernels) as on the cpu backend.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend, seededRandom } from "../backend/mod.ts";
import { buildMnistCnn } from "../models/mnist_cnn.ts";
import { buildCnnVariant, cnnVariantLoss } from "../models/cnn_variants.ts";
import { scaledDotProductAttention } from "../models/attention.ts";
import { assertClose, type HostTensor, onBothBackends, randomHost } from "./_both_backends.ts";

/** A model to compare: its builder, its loss on a batch, and the batch's shapes. */
interface ModelCase {
  build: () => tf.LayersModel;
  x: number[];
  y: number[];
  loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  /** Weights whose gradient is not compared, e.g. a bias a batch norm cancels (zero up to rounding). */
  uncompared?: (name: string) => boolean;
}

const mse = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.meanSquaredError(yTrue, yPred);
const crossEntropy = (yTrue: tf.Tensor, yPred: tf.Tensor) =>
  tf.metrics.categoricalCrossentropy(yTrue, yPred).mean();

/**
 * Build the model on each backend with the same weights and input, run it in training mode (the
 * dropout mask drawn from the same seeded `Math.random`), and compare every weight's gradient.
 */
async function compareModel(label: string, c: ModelCase, rtol = 1e-4): Promise<void> {
  await initBackend("wasm");
  const template = c.build();
  const weights: HostTensor[] = template.getWeights().map((w, i) => {
    // Fresh random weights (also for zero-initialised biases) so every path carries signal.
    const host = randomHost(w.shape, 500 + i, { low: -0.3, high: 0.3 });
    return host;
  });
  const names = template.trainableWeights.map((w) => w.name);
  template.dispose();
  const x = randomHost(c.x, 1);
  const y = randomHost(c.y, 2, { low: 0, high: 1 });
  const got = await onBothBackends([x, y, ...weights], (xt, yt, ...ws) => {
    const model = c.build();
    model.setWeights(ws);
    const original = Math.random;
    Math.random = seededRandom(3);
    try {
      const { grads } = tf.variableGrads(
        () => c.loss(yt, model.apply(xt, { training: true }) as tf.Tensor) as tf.Scalar,
        model.trainableWeights.map((w) => w.read() as tf.Variable),
      );
      const list = model.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name]);
      return list;
    } finally {
      Math.random = original;
      model.dispose();
    }
  });
  got.cpu.forEach((expected, i) => {
    if (c.uncompared?.(names[i])) return;
    assertClose(got.wasm[i], expected, { rtol, label: `${label} ${names[i]}` });
  });
}

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of a dense MLP (2-50-50-1)", async () => {
  await compareModel("mlp", {
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [2], units: 50, activation: "tanh" }),
          tf.layers.dense({ units: 50, activation: "relu" }),
          tf.layers.dense({ units: 1 }),
        ],
      }),
    x: [32, 2],
    y: [32, 1],
    loss: mse,
  });
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of the MNIST CNN", async () => {
  await compareModel("cnn", {
    build: buildMnistCnn,
    // Batch 3: the cpu backend's filter gradient takes ~1.5 s per sample on this CNN.
    x: [3, 28, 28, 1],
    y: [3, 10],
    loss: crossEntropy,
  });
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of 3.2.2's Model 4 (BatchNorm after 3×3 convolutions)", async () => {
  await compareModel("model4", {
    build: () => buildCnnVariant("model4"),
    x: [2, 28, 28, 1],
    y: [2, 10],
    loss: cnnVariantLoss,
    // Every convolution feeds a batch norm, which cancels its bias.
    uncompared: (name) => /conv2d.*\/bias/.test(name),
  });
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of an LSTM", async () => {
  await compareModel("lstm", {
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.lstm({ inputShape: [12, 3], units: 16 }),
          tf.layers.dense({ units: 1 }),
        ],
      }),
    x: [4, 12, 3],
    y: [4, 1],
    loss: mse,
  });
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of a conv2dTranspose generator", async () => {
  await compareModel("generator", {
    // A DCGAN-style generator: z [b, 16] → [b, 4, 4, 8] → [b, 8, 8, 6] → [b, 16, 16, 1].
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [16], units: 4 * 4 * 8, useBias: false }),
          tf.layers.batchNormalization(),
          tf.layers.leakyReLU({ alpha: 0.2 }),
          tf.layers.reshape({ targetShape: [4, 4, 8] }),
          // No bias before a batch norm (DCGAN): its gradient would be zero up to rounding.
          tf.layers.conv2dTranspose({
            filters: 6,
            kernelSize: 5,
            strides: 2,
            padding: "same",
            useBias: false,
          }),
          tf.layers.batchNormalization(),
          tf.layers.leakyReLU({ alpha: 0.2 }),
          tf.layers.conv2dTranspose({
            filters: 1,
            kernelSize: 4,
            strides: 2,
            padding: "same",
            activation: "tanh",
          }),
        ],
      }),
    x: [6, 16],
    y: [6, 16, 16, 1],
    loss: mse,
  });
});

Deno.test("registerWasmTrainingKernels() does give the cpu gradients of an attention block", async () => {
  // A pre-norm transformer block on [batch, tokens, dim] with an erf GELU MLP, as a ViT builds it.
  const [b, n, d, hidden] = [4, 17, 16, 32];
  const shapes = [[b, n, d], [d, d], [d, d], [d, d], [d, d], [d, hidden], [hidden, d]];
  const inputs = shapes.map((s, i) => randomHost(s, 600 + i, { low: -0.5, high: 0.5 }));
  const got = await onBothBackends(inputs, (x, ...ws) => {
    const norm1 = tf.layers.layerNormalization({ epsilon: 1e-5 });
    const norm2 = tf.layers.layerNormalization({ epsilon: 1e-5 });
    const gelu = (t: tf.Tensor) => t.mul(0.5).mul(tf.erf(t.div(Math.SQRT2)).add(1));
    // tfjs-core 4.22 cannot differentiate `[b, n, d]·[d, e]` with respect to the shared matrix
    // (the gradient keeps the batch axis), so tokens are folded to `[b·n, d]` as tf.layers.dense does.
    const dense = (t: tf.Tensor, w: tf.Tensor) =>
      t.reshape([-1, t.shape[2]!]).matMul(w).reshape([b, n, w.shape[1]!]);
    const block = (
      x: tf.Tensor,
      wq: tf.Tensor,
      wk: tf.Tensor,
      wv: tf.Tensor,
      wo: tf.Tensor,
      w1: tf.Tensor,
      w2: tf.Tensor,
    ) => {
      const h = norm1.apply(x) as tf.Tensor; // [b, n, d]
      const { output } = scaledDotProductAttention(dense(h, wq), dense(h, wk), dense(h, wv));
      const r = x.add(dense(output, wo));
      const m = dense(gelu(dense(norm2.apply(r) as tf.Tensor, w1)), w2);
      return r.add(m).square().mean() as tf.Scalar;
    };
    return tf.grads(block)([x, ...ws]);
  });
  const names = ["x", "wq", "wk", "wv", "wo", "w1", "w2"];
  got.cpu.forEach((expected, i) =>
    assertClose(got.wasm[i], expected, { label: `attention ${names[i]}` })
  );
});
