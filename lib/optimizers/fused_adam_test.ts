import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, withSeed } from "../backend/mod.ts";
import { FUSED_ADAM, fusedAdamCpuConfig, registerFusedAdam } from "../kernels/mod.ts";
import { FusedAdam } from "./mod.ts";

/** A small net with dropout, trained `steps` steps by `trainOnBatch`; losses and weights. */
async function train(
  optimizer: tf.Optimizer,
  options: { steps: number; seed: number },
): Promise<{ losses: number[]; weights: number[][] }> {
  return await withSeed(options.seed, async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [3], units: 8, activation: "relu" }),
        tf.layers.dropout({ rate: 0.3 }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    model.compile({ optimizer, loss: "meanSquaredError" });
    const x = tf.randomUniform([16, 3], -1, 1);
    const y = tf.randomUniform([16, 2], -1, 1);
    const losses: number[] = [];
    for (let i = 0; i < options.steps; i++) losses.push(await model.trainOnBatch(x, y) as number);
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
    return { losses, weights };
  });
}

for (const backend of ["wasm", "cpu"] as const) {
  Deno.test(`FusedAdam() does train like tf.train.adam on ${backend}, same bits`, async () => {
    await initBackend(backend);
    const keras = await train(tf.train.adam(0.01, 0.9, 0.999, 1e-7), { steps: 30, seed: 4 });
    const fused = await train(new FusedAdam(0.01, 0.9, 0.999, 1e-7), { steps: 30, seed: 4 });
    assert.ok(keras.losses[29] < keras.losses[0], `losses ${keras.losses}`);
    assert.deepEqual(fused.losses, keras.losses);
    assert.deepEqual(fused.weights, keras.weights);
    await initBackend("wasm");
  });
}

Deno.test("FusedAdam() does run tfjs-core's update where the backend lacks the kernel", async () => {
  await initBackend("cpu");
  const keras = await train(tf.train.adam(0.01, 0.5, 0.99, 1e-8), { steps: 10, seed: 5 });
  const optimizer = new FusedAdam(0.01, 0.5, 0.99, 1e-8); // registers the kernel
  tf.unregisterKernel(FUSED_ADAM, "cpu");
  try {
    // Half the steps without the kernel, then with it: β₁ᵗ, β₂ᵗ carry over both ways.
    const w = tf.variable(tf.tensor1d([0.5, -1.5, 2]));
    const target = tf.tensor1d([1, 2, 3]);
    const loss = () => tf.sub(w, target).square().sum() as tf.Scalar;
    const reference = tf.variable(w.clone());
    const core = tf.train.adam(0.01, 0.5, 0.99, 1e-8);
    const refLoss = () => tf.sub(reference, target).square().sum() as tf.Scalar;
    for (let i = 0; i < 10; i++) {
      if (i === 5) tf.registerKernel(fusedAdamCpuConfig);
      optimizer.minimize(loss);
      core.minimize(refLoss);
    }
    assert.deepEqual(Array.from(w.dataSync()), Array.from(reference.dataSync()));
    tf.dispose([w, target, reference]);
    optimizer.dispose();
    core.dispose();
  } finally {
    registerFusedAdam();
  }
  // The model trained with the kernel registered again still matches.
  const fused = await train(new FusedAdam(0.01, 0.5, 0.99, 1e-8), { steps: 10, seed: 5 });
  assert.deepEqual(fused.losses, keras.losses);
  await initBackend("wasm");
});

Deno.test("FusedAdam() does keep the tensor count flat after its first step", async () => {
  await initBackend("wasm");
  const w = tf.variable(tf.randomNormal([4, 3]));
  const b = tf.variable(tf.zeros([3]));
  const x = tf.randomNormal([8, 4]);
  const optimizer = new FusedAdam(1e-3);
  const loss = () => tf.matMul(x, w).add(b).square().mean() as tf.Scalar;
  optimizer.minimize(loss); // creates the two moments per variable
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) optimizer.minimize(loss);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(optimizer.iterations, 6);
  optimizer.dispose();
  tf.dispose([w, b, x]);
});

Deno.test("FusedAdam() does resume from getWeights() like tf.train.adam", async () => {
  await initBackend("wasm");
  const run = async (make: () => tf.AdamOptimizer) => {
    const w = tf.variable(tf.tensor1d([0.5, -1.5]), true, `resume-${Math.random()}`);
    const loss = () => w.sub(tf.tensor1d([1, 2])).square().sum() as tf.Scalar;
    const first = make();
    for (let i = 0; i < 4; i++) first.minimize(loss);
    const saved = await first.getWeights();
    const second = make();
    await second.setWeights(saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() })));
    for (let i = 0; i < 4; i++) second.minimize(loss);
    const values = Array.from(w.dataSync());
    tf.dispose([w, saved[0].tensor]);
    first.dispose();
    second.dispose();
    return values;
  };
  const core = await run(() => tf.train.adam(0.1));
  const fused = await run(() => new FusedAdam(0.1));
  assert.deepEqual(fused, core);
});

Deno.test("FusedAdam.restoreState() continues a saved optimizer's steps bit for bit", async () => {
  await initBackend("wasm");
  // β₁ = 0.3: after 7 steps its float32 running product and a recomputed power differ.
  const make = () => new FusedAdam(0.05, 0.3, 0.999, 1e-7);
  const steps = (optimizer: FusedAdam, w: tf.Variable, n: number) => {
    const target = tf.tensor1d([1, 2, -3]);
    for (let i = 0; i < n; i++) optimizer.minimize(() => w.sub(target).square().sum() as tf.Scalar);
    target.dispose();
  };
  const start = () => tf.variable(tf.tensor1d([0.5, -1.5, 0.25]), true, `state-${Math.random()}`);
  const uncutW = start();
  const uncut = make();
  steps(uncut, uncutW, 14);
  const cutW = start();
  const cut = make();
  steps(cut, cutW, 7);
  const saved = structuredClone(await cut.saveState());
  assert.equal(saved.iterations, 7);
  cut.dispose();
  const before = tf.memory().numTensors;
  const resumed = make();
  await resumed.restoreState(saved);
  steps(resumed, cutW, 7);
  assert.deepEqual(Array.from(cutW.dataSync()), Array.from(uncutW.dataSync()));
  const unnamed = async (optimizer: FusedAdam) => {
    const state = await optimizer.saveState();
    return { ...state, moments: state.moments.map(({ values }) => values) }; // names differ
  };
  assert.deepEqual(await unnamed(resumed), await unnamed(uncut));
  resumed.dispose();
  assert.ok(tf.memory().numTensors <= before, `${tf.memory().numTensors} > ${before}`);
  tf.dispose([uncutW, cutW]);
  uncut.dispose();
});

const adapter = await navigator.gpu?.requestAdapter().catch(() => null);

Deno.test({
  name: "FusedAdam() does train like tf.train.adam on webgpu, which has no FusedAdam kernel",
  ignore: !adapter,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("webgpu");
    try {
      assert.equal(tf.getKernel(FUSED_ADAM, "webgpu"), undefined);
      const run = async (optimizer: tf.Optimizer) => {
        const w = tf.variable(tf.tensor2d([[0.5, -1.5], [2, 0.25]]));
        const x = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.5]]);
        const y = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
        const losses: number[] = [];
        for (let i = 0; i < 8; i++) {
          const loss = optimizer.minimize(
            () => tf.matMul(x, w).sub(y).square().mean() as tf.Scalar,
            true,
          )!;
          losses.push((await loss.data())[0]);
          loss.dispose();
        }
        const weights = Array.from(await w.data());
        tf.dispose([w, x, y]);
        optimizer.dispose();
        return { losses, weights };
      };
      const core = await run(tf.train.adam(0.05));
      const fused = await run(new FusedAdam(0.05));
      assert.deepEqual(fused, core);
    } finally {
      await initBackend("wasm");
    }
  },
});
