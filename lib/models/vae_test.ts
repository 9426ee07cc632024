import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import { Vae } from "./mod.ts";

await initBackend("cpu");

Deno.test("Vae() does build the course's 784-128-100 model", () => {
  const vae = new Vae();
  const expected = 784 * 128 + 128 + 2 * (128 * 100 + 100) + 100 * 128 + 128 + 128 * 784 + 784;
  assert.equal(vae.paramCount, expected);
  vae.dispose();
});

Deno.test("Vae.loss() does equal summed BCE per image plus KL at a known point", async () => {
  const vae = new Vae({ hidden: 4, latent: 2 });
  for (const v of vae.variables) v.assign(tf.zerosLike(v));
  const x = tf.ones([3, 784]) as tf.Tensor2D;
  const eps = tf.zeros([3, 2]) as tf.Tensor2D;
  // Zero weights: logits 0, μ = 0, log σ² = 0, so BCE = 784·ln 2 per image and KL = 0.
  const loss = vae.loss(x, eps);
  assert.ok(Math.abs((await loss.data())[0] - 784 * Math.LN2) < 1e-3);
  tf.dispose([x, eps, loss]);
  vae.dispose();
});

Deno.test("Vae.trainStep() does lower the loss and leaks nothing", async () => {
  const vae = new Vae({ hidden: 16, latent: 4, seed: 1 });
  const optimizer = tf.train.adam(1e-2, 0.5, 0.999);
  const x = tf.tidy(() =>
    tf.cast(tf.greater(tf.randomUniform([16, 784], 0, 1, "float32", 3), 0.7), "float32")
  ) as tf.Tensor2D;
  const eps = tf.zeros([16, 4]) as tf.Tensor2D;
  const first = await vae.trainStep({ x, eps }, optimizer);
  let last = first;
  await expectNoLeak("vae steps", async () => {
    for (let i = 0; i < 30; i++) last = await vae.trainStep({ x, eps }, optimizer);
  });
  assert.ok(last < first - 50, `loss ${first} then ${last}`);
  tf.dispose([x, eps]);
  optimizer.dispose();
  vae.dispose();
});
