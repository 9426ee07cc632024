import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, withSeed } from "../backend/mod.ts";
import { FusedLstm, lstmLastOutput, type LstmPath } from "./fused_lstm.ts";

const [BATCH, STEPS, FEATURES, UNITS] = [3, 7, 2, 5];
const NAMES = ["loss", "dx", "dKernel", "dRecurrent", "dBias"];
// float32 sums in another order: measured differences ≤ 5e-7 on values of order one.
const ATOL = 1e-5;

interface Fixture {
  x: tf.Tensor3D;
  kernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  bias: tf.Tensor1D;
  /** The loss is Σ weights·h, so every output element counts. */
  weights: tf.Tensor2D;
}

/** Fixed inputs and weights, scaled so that the gates are away from saturation. */
function fixture(seed: number): Fixture {
  const normal = (shape: number[], std: number, offset: number) =>
    tf.randomNormal(shape, 0, std, "float32", seed * 10 + offset);
  return {
    x: normal([BATCH, STEPS, FEATURES], 1, 0),
    kernel: normal([FEATURES, 4 * UNITS], 0.5, 1),
    recurrent: normal([UNITS, 4 * UNITS], 0.5, 2),
    bias: normal([4 * UNITS], 0.5, 3),
    weights: normal([BATCH, UNITS], 1, 4),
  } as Fixture;
}

/** Loss and its gradients in x, kernel, recurrent kernel and bias through `lstmLastOutput`. */
function fused(f: Fixture, path: LstmPath): number[][] {
  return tf.tidy(() => {
    const loss = (x: tf.Tensor, k: tf.Tensor, r: tf.Tensor, b: tf.Tensor) =>
      lstmLastOutput(x as tf.Tensor3D, k as tf.Tensor2D, r as tf.Tensor2D, b as tf.Tensor1D, path)
        .mul(f.weights).sum();
    const { value, grads } = tf.valueAndGrads(loss)([f.x, f.kernel, f.recurrent, f.bias]);
    return [value, ...grads].map((t) => Array.from(t.dataSync()));
  });
}

/** The same through `tf.layers.lstm` with logistic gates and the same weights. */
function layers(f: Fixture): number[][] {
  const layer = tf.layers.lstm({ units: UNITS, recurrentActivation: "sigmoid" });
  tf.tidy(() => {
    layer.apply(f.x); // builds the layer
  });
  layer.setWeights([f.kernel, f.recurrent, f.bias]);
  const out = tf.tidy(() => {
    const loss = (x: tf.Tensor) => (layer.apply(x) as tf.Tensor).mul(f.weights).sum() as tf.Scalar;
    const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => loss(f.x), variables);
    const dx = tf.grad(loss)(f.x);
    return [value, dx, ...variables.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()));
  });
  layer.dispose();
  return out;
}

function assertAllClose(actual: number[][], expected: number[][], label: string): void {
  for (const [k, values] of expected.entries()) {
    assert.equal(actual[k].length, values.length, `${label}: ${NAMES[k]} size`);
    for (const [i, v] of values.entries()) {
      const diff = Math.abs(actual[k][i] - v);
      assert.ok(diff <= ATOL, `${label}: ${NAMES[k]}[${i}] ${actual[k][i]} vs ${v}`);
    }
  }
}

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`lstmLastOutput() does match tf.layers.lstm's value and gradients on ${backend}`, async () => {
    await initBackend(backend);
    const f = fixture(1);
    const expected = layers(f);
    assertAllClose(fused(f, "ops"), expected, `ops on ${backend}`);
    assertAllClose(fused(f, "host"), expected, `host on ${backend}`);
    if (backend === "wasm") assertAllClose(fused(f, "kernel"), expected, "kernel on wasm");
    tf.dispose(Object.values(f));
  });
}

Deno.test("lstmLastOutput() does give the host path's value and gradients through the wasm kernels at larger shapes", async () => {
  await initBackend("wasm");
  // 37 units: nine vectors of four lanes and a tail of one; a batch that is not a multiple of the
  // GEMM's six-row tile; inputs large enough to saturate some gates.
  for (const [batch, steps, features, units, scale] of [[13, 20, 3, 37, 1], [32, 50, 1, 100, 3]]) {
    const normal = (shape: number[], std: number, seed: number) =>
      tf.randomNormal(shape, 0, std, "float32", seed);
    const f = {
      x: normal([batch, steps, features], scale, 1),
      kernel: normal([features, 4 * units], 0.5, 2),
      recurrent: normal([units, 4 * units], 1 / Math.sqrt(units), 3),
      bias: normal([4 * units], 0.5, 4),
      weights: normal([batch, units], 1, 5),
    } as Fixture;
    const host = fused(f, "host");
    const kernel = fused(f, "kernel");
    for (const [k, values] of host.entries()) {
      const scaleOf = Math.max(...values.map(Math.abs), 1e-3);
      const worst = Math.max(...values.map((v, i) => Math.abs(kernel[k][i] - v)));
      assert.ok(
        worst <= 1e-5 * scaleOf + 1e-6,
        `[${batch}, ${steps}, ${features}] × ${units}: ${
          NAMES[k]
        } differs by ${worst} (scale ${scaleOf})`,
      );
    }
    tf.dispose(Object.values(f));
  }
});

Deno.test("lstmLastOutput() does leak no tensors, forward or backward", async () => {
  await initBackend("wasm");
  const f = fixture(2);
  for (const path of ["ops", "host", "kernel"] as LstmPath[]) {
    fused(f, path); // warm-up: the first call may cache kernels' operands
    const before = tf.memory().numTensors;
    fused(f, path);
    tf.tidy(() => {
      lstmLastOutput(f.x, f.kernel, f.recurrent, f.bias, path); // forward alone, no tape
    });
    assert.equal(tf.memory().numTensors, before, `${path}: live tensors`);
  }
  tf.dispose(Object.values(f));
});

Deno.test("FusedLstm does start like Keras' LSTM: forget bias one, orthogonal recurrence", async () => {
  await initBackend("cpu");
  const model = await withSeed(
    3,
    () =>
      tf.sequential({ layers: [new FusedLstm({ units: UNITS, inputShape: [STEPS, FEATURES] })] }),
  );
  const [kernel, recurrent, bias] = model.getWeights().map((w) => w.arraySync()) as [
    number[][],
    number[][],
    number[],
  ];
  assert.deepEqual(model.getWeights().map((w) => w.shape), [
    [FEATURES, 4 * UNITS],
    [UNITS, 4 * UNITS],
    [4 * UNITS],
  ]);
  assert.equal(model.countParams(), 4 * (UNITS * (FEATURES + UNITS) + UNITS));
  assert.deepEqual(bias, [0, 1, 0, 0].flatMap((v) => new Array(UNITS).fill(v)));
  // Orthogonal [units, 4·units]: its rows are orthonormal.
  for (let i = 0; i < UNITS; i++) {
    for (let j = 0; j < UNITS; j++) {
      const dot = recurrent[i].reduce((s, v, k) => s + v * recurrent[j][k], 0);
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `row ${i}·row ${j} = ${dot}`);
    }
  }
  assert.ok(kernel.flat().some((v) => v !== 0));
  const y = model.predict(tf.ones([BATCH, STEPS, FEATURES])) as tf.Tensor;
  assert.deepEqual(y.shape, [BATCH, UNITS]);
  tf.dispose(y);
  model.dispose();
});

Deno.test("FusedLstm does leave no tensors after building, training and disposing", async () => {
  await initBackend("wasm");
  const x = tf.ones([4, STEPS, FEATURES]);
  const y = tf.ones([4, UNITS]);
  const before = tf.memory().numTensors;
  const model = tf.sequential({
    layers: [new FusedLstm({ units: UNITS, inputShape: [STEPS, FEATURES] })],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
  await model.fit(x, y, { epochs: 2, verbose: 0 });
  model.optimizer.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
});

Deno.test("lstmLastOutput() does run the wasm LSTM kernels by default on wasm", async () => {
  await initBackend("wasm");
  const f = fixture(3);
  const info = await tf.profile(() => {
    tf.dispose(fused(f, undefined as unknown as LstmPath)); // the default path
  });
  const names = info.kernels.map((k) => k.name);
  assert.ok(names.includes("LstmSequence"), names.join(", "));
  assert.ok(names.includes("LstmSequenceGrad"), names.join(", "));
  tf.dispose(Object.values(f));
});
