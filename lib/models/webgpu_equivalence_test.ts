/**
 * The same training steps on webgpu and on wasm give the same losses and weights.
 *
 * Runs where `navigator.gpu` gives any adapter, the software one (llvmpipe) included; elsewhere
 * the tests show as ignored. Tolerance: float32 kernels differ in summation order, so losses
 * agree to 1e-3 relative and weights to 1e-3 absolute after a few SGD steps.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, seededRandom } from "../backend/mod.ts";
import { buildMnistCnn } from "./mnist_cnn.ts";
import { scaledDotProductAttention } from "./attention.ts";

const adapter = await navigator.gpu?.requestAdapter().catch(() => null);
const ignore = !adapter;
const options = { ignore, sanitizeOps: false, sanitizeResources: false };
const LOSS_RTOL = 1e-3;
const WEIGHT_ATOL = 1e-3;

interface Case {
  build: () => tf.LayersModel;
  input: number[];
  classes: number;
  batch: number;
}

/** Train `steps` SGD steps from fixed weights on one backend; losses and final weights. */
async function trainOn(
  backend: "wasm" | "webgpu",
  { build, input, classes, batch }: Case,
  weights: Float32Array[],
  steps: number,
): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await initBackend(backend);
  const next = seededRandom(1);
  const x = tf.tensor(Float32Array.from({ length: batch * input.reduce((a, b) => a * b) }, next), [
    batch,
    ...input,
  ]);
  const labels = Int32Array.from({ length: batch }, () => Math.floor(next() * classes));
  const y = tf.oneHot(tf.tensor1d(labels, "int32"), classes);
  const model = build();
  model.setWeights(weights.map((w, i) => tf.tensor(w, model.getWeights()[i].shape)));
  const optimizer = tf.train.sgd(0.1);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: false }) as tf.Tensor),
      true,
    )!;
    losses.push((await loss.data())[0]);
    loss.dispose();
  }
  const final = await Promise.all(
    model.getWeights().map(async (w) => await w.data() as Float32Array),
  );
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { losses, weights: final };
}

async function assertSameTraining(testCase: Case, steps = 3): Promise<void> {
  await initBackend("wasm");
  const template = testCase.build();
  const initial = await Promise.all(
    template.getWeights().map(async (w) => await w.data() as Float32Array),
  );
  template.dispose();
  const wasm = await trainOn("wasm", testCase, initial, steps);
  const gpu = await trainOn("webgpu", testCase, initial, steps);
  await initBackend("wasm");
  for (const [i, loss] of wasm.losses.entries()) {
    const relative = Math.abs(gpu.losses[i] - loss) / Math.max(1e-6, Math.abs(loss));
    assert.ok(relative <= LOSS_RTOL, `step ${i}: loss ${gpu.losses[i]} on webgpu, ${loss} on wasm`);
  }
  for (const [i, w] of wasm.weights.entries()) {
    let max = 0;
    for (let j = 0; j < w.length; j++) max = Math.max(max, Math.abs(w[j] - gpu.weights[i][j]));
    assert.ok(max <= WEIGHT_ATOL, `weight ${i}: max difference ${max} between webgpu and wasm`);
  }
}

Deno.test("webgpu trains an MLP like wasm", options, async () => {
  await assertSameTraining({
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [2], units: 50, activation: "relu" }),
          tf.layers.dense({ units: 50, activation: "relu" }),
          tf.layers.dense({ units: 3 }),
        ],
      }),
    input: [2],
    classes: 3,
    batch: 40,
  });
});

Deno.test("webgpu trains the MNIST CNN like wasm", options, async () => {
  await assertSameTraining({ build: buildMnistCnn, input: [28, 28, 1], classes: 10, batch: 4 }, 2);
});

Deno.test("webgpu trains an LSTM like wasm", options, async () => {
  await assertSameTraining({
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.lstm({ inputShape: [10, 1], units: 16 }),
          tf.layers.dense({ units: 2 }),
        ],
      }),
    input: [10, 1],
    classes: 2,
    batch: 8,
  });
});

Deno.test("webgpu computes attention like wasm", options, async () => {
  const next = seededRandom(3);
  const data = Float32Array.from({ length: 2 * 5 * 4 }, () => next() - 0.5);
  const run = async (backend: "wasm" | "webgpu") => {
    await initBackend(backend);
    const q = tf.tensor3d(data, [2, 5, 4]);
    const { output, weights } = scaledDotProductAttention(q, q, q);
    const values = [await output.data(), await weights.data()];
    tf.dispose([q, output, weights]);
    return values;
  };
  const [wasm, gpu] = [await run("wasm"), await run("webgpu")];
  await initBackend("wasm");
  for (const [i, values] of wasm.entries()) {
    for (let j = 0; j < values.length; j++) {
      assert.ok(Math.abs(values[j] - gpu[i][j]) <= 1e-5, `tensor ${i} element ${j}`);
    }
  }
});
