import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, withSeed } from "../backend/mod.ts";
import { FusedAdam } from "../optimizers/mod.ts";
import { trainStep } from "./mod.ts";

/** A conv net with dropout and an L2 penalty: what trainStep must get right, in small. */
function build(optimizer: tf.Optimizer): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, activation: "relu" }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.4 }),
      tf.layers.dense({
        units: 3,
        activation: "softmax",
        kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }),
      }),
    ],
  });
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  return model;
}

/** Train `steps` steps from seed 3 by `step`; the losses and the final weights. */
async function train(
  optimizer: tf.Optimizer,
  step: (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) => Promise<number>,
): Promise<{ losses: number[]; weights: number[][] }> {
  return await withSeed(3, async () => {
    const model = build(optimizer);
    const x = tf.randomUniform([12, 6, 6, 1]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2], "int32"), 3);
    const losses: number[] = [];
    for (let i = 0; i < 25; i++) losses.push(await step(model, x, y));
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
    return { losses, weights };
  });
}

const keras = async (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) =>
  await model.trainOnBatch(x, y) as number;

const lean = async (model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) => {
  const loss = trainStep(model, [x, y]);
  const value = (await loss.data())[0];
  loss.dispose();
  return value;
};

for (const backend of ["wasm", "cpu"] as const) {
  Deno.test(`trainStep() does train like trainOnBatch with tf.train.adam on ${backend}`, async () => {
    await initBackend(backend);
    const before = await train(tf.train.adam(0.01), keras);
    const after = await train(new FusedAdam(0.01), lean);
    assert.ok(before.losses[24] < before.losses[0], `losses ${before.losses}`);
    // Same dropout masks, penalty, gradients and update: the same bits.
    assert.deepEqual(after.losses, before.losses);
    assert.deepEqual(after.weights, before.weights);
    await initBackend("wasm");
  });
}

Deno.test("trainStep() does train like trainOnBatch with other optimizers (momentum)", async () => {
  await initBackend("wasm");
  const before = await train(tf.train.momentum(0.05, 0.9, true), keras);
  const after = await train(tf.train.momentum(0.05, 0.9, true), lean);
  assert.deepEqual(after.losses, before.losses);
  assert.deepEqual(after.weights, before.weights);
});

Deno.test("trainStep() does keep the tensor count flat", async () => {
  await initBackend("wasm");
  const model = build(new FusedAdam(1e-3));
  const x = tf.randomUniform([4, 6, 6, 1]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 0], "int32"), 3);
  trainStep(model, [x, y]).dispose(); // the first step creates Adam's moments
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) trainStep(model, [x, y]).dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
});

Deno.test("trainStep() does refuse a model that is not compiled", async () => {
  await initBackend("wasm");
  const model = tf.sequential({
    name: "raw",
    layers: [tf.layers.dense({ inputShape: [2], units: 1 })],
  });
  const [x, y] = [tf.ones([2, 2]), tf.ones([2, 1])];
  assert.throws(() => trainStep(model, [x, y]), {
    message: "Model raw must be compiled before trainStep",
  });
  tf.dispose([x, y]);
  model.dispose();
});
