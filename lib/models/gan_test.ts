import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { expectNoLeak, initBackend, withSeed } from "../backend/mod.ts";
import { buildGan, ganStep } from "./mod.ts";

await initBackend("cpu");

Deno.test("buildGan() does build the course's fully connected GAN", () => {
  const gan = buildGan({ backbone: "fc" });
  assert.equal(gan.generator.countParams(), 1_463_312);
  assert.equal(gan.discriminator.countParams(), 1_460_225);
  assert.equal(gan.paramCount, 2_923_537);
  assert.deepEqual(gan.generator.outputs[0].shape, [null, 28, 28, 1]);
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("buildGan() does build a DCGAN-style backbone with 28×28 output", () => {
  const gan = buildGan({ backbone: "cnn", generatorWidths: [8, 4], discriminatorWidths: [4, 8] });
  assert.deepEqual(gan.generator.outputs[0].shape, [null, 28, 28, 1]);
  assert.deepEqual(gan.discriminator.outputs[0].shape, [null, 1]);
  gan.generator.dispose();
  gan.discriminator.dispose();
});

Deno.test("buildGan() does refuse an unknown backbone", () => {
  assert.throws(() => buildGan({ backbone: "rnn" as never }), {
    message: "Unknown GAN backbone rnn: valid backbones are fc, cnn",
  });
});

Deno.test("ganStep() does return both losses and leaks nothing", async () => {
  // Seeded: the generator's loss at the start moves with its initial weights (±0.23 around
  // ln 2 over 30 seeds at these widths), the discriminator's, an average over both sides, less.
  await withSeed(1, async () => {
    const gan = buildGan({
      backbone: "fc",
      generatorWidths: [8, 8, 8],
      discriminatorWidths: [8, 8, 8],
    });
    const dOptimizer = tf.train.adam(1e-3, 0.5, 0.999);
    const gOptimizer = tf.train.adam(1e-3, 0.5, 0.999);
    const real = tf.randomUniform([4, 28, 28, 1], -1, 1) as tf.Tensor4D;
    const z = tf.randomNormal([4, 10]) as tf.Tensor2D;
    ganStep(gan, { real, z, dOptimizer, gOptimizer }); // creates the optimizers' slots
    await expectNoLeak("gan step", async () => {
      const losses = ganStep(gan, { real, z, dOptimizer, gOptimizer });
      const [d, g] = [(await losses.discriminator.data())[0], (await losses.generator.data())[0]];
      // Near the start D(x) ≈ ½ for every input, so both losses are close to ln 2.
      assert.ok(Math.abs(d - Math.LN2) < 0.05 && Math.abs(g - Math.LN2) < 0.2, `D ${d}, G ${g}`);
      tf.dispose([losses.discriminator, losses.generator]);
    });
    tf.dispose([real, z]);
    dOptimizer.dispose();
    gOptimizer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
  });
});
