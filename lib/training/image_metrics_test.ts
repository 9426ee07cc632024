import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import {
  classEntropy,
  classesCovered,
  classifierFrom,
  meanOf,
  pixelDistances,
  sharpness,
} from "./mod.ts";

await initBackend("cpu");

Deno.test("classEntropy() does give log2 of the class count for a uniform histogram", () => {
  assert.equal(classEntropy([0, 1, 2, 3]), 2);
  assert.equal(classEntropy([7, 7, 7]), 0);
  assert.ok(Math.abs(classEntropy([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) - Math.log2(10)) < 1e-12);
});

Deno.test("classEntropy() does refuse a label outside the classes", () => {
  assert.throws(() => classEntropy([0, 10]), {
    message: "Label 1 must be an integer in [0, 9]: got 10",
  });
});

Deno.test("classesCovered() does count classes with at least the minimum share", () => {
  assert.equal(classesCovered([0, 0, 0, 1], 0.25), 2);
  assert.equal(classesCovered([0, 0, 0, 1], 0.3), 1);
});

Deno.test("pixelDistances() does give the RMS difference per image", async () => {
  const a = tf.tensor4d([0, 0, 0, 0, 1, 1, 1, 1], [2, 2, 2, 1]);
  const b = tf.tensor4d([1, 1, 1, 1, 1, 1, 0, 0], [2, 2, 2, 1]);
  const d = await pixelDistances(a, b);
  assert.deepEqual([...d].map((v) => Number(v.toFixed(6))), [1, Number(Math.sqrt(0.5).toFixed(6))]);
  await assert.rejects(() => pixelDistances(a, tf.zeros([1, 2, 2, 1])), {
    message: "Images must have equal shapes: got [2, 2, 2, 1] and [1, 2, 2, 1]",
  });
  tf.dispose([a, b]);
});

Deno.test("sharpness() does score a blurred stroke below the crisp one", async () => {
  const crisp = new Float32Array(28 * 28);
  for (let y = 4; y < 24; y++) for (let x = 12; x < 15; x++) crisp[y * 28 + x] = 1;
  const images = tf.tensor4d(crisp, [1, 28, 28, 1]);
  const blurred = tf.avgPool(images, 3, 1, "same");
  const [sharp] = await sharpness(images);
  const [soft] = await sharpness(blurred);
  assert.equal(sharp, 1);
  assert.ok(soft < 0.6, `blurred ${soft}`);
  assert.deepEqual([...await sharpness(tf.tensor2d([[0, 1, 1, 0], [0, 0.5, 0.5, 0]]))], [1, 0]);
  assert.equal((await sharpness(tf.zeros([1, 784])))[0], 0);
  tf.dispose([images, blurred]);
});

Deno.test("classifierFrom() does return the arg-max class of each image in batches", async () => {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10 })],
  });
  const kernel = tf.zeros([784, 10]);
  const bias = tf.tensor1d([0, 0, 0, 5, 0, 0, 0, 0, 0, 0]);
  model.setWeights([kernel, bias]);
  const images = tf.zeros([5, 28, 28, 1]) as tf.Tensor4D;
  const classes = await classifierFrom(model, 2)(images);
  assert.deepEqual([...classes], [3, 3, 3, 3, 3]);
  tf.dispose([kernel, bias, images]);
  model.dispose();
});

Deno.test("meanOf() does average and refuses an empty array", () => {
  assert.equal(meanOf([1, 2, 3]), 2);
  assert.throws(() => meanOf([]), { message: "Mean needs at least one value: got 0" });
});
