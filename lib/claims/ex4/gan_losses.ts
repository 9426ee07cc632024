/**
 * 4.2 — the vanilla GAN's discriminator dominates: "the discriminator curve plateaus low, the
 * generator curve plateaus high (final averages ≈ 0.241 vs 3.19)".
 *
 * Setup (course-facts): latent 10; G 10→256→512→1024→784 LeakyReLU(0.2), tanh; D
 * 784→1024→512→256→1, LeakyReLU(0.2), dropout 0.3, sigmoid; BCE with D's loss averaged over real
 * and fake; Adam 1e-3, β = (0.5, 0.999); batch 512; 50 epochs on the 60,000 training images
 * scaled to [−1, 1]; PyTorch's default initialisation. The quick scale keeps the losses, the
 * optimiser and the shape of both networks with a quarter of the widths, on a sixth of the
 * images with batch 64, so that a few hundred steps run in CI.
 *
 * Metrics (loss of an epoch = mean over its steps, as the course prints it):
 * - `finalD`, `finalG`: the last epoch's mean discriminator and generator losses.
 * - `lossGap` = `finalG` − `finalD`: positive and large when D dominates.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  FC_GAN_TRAINING,
  type GanTraining,
  generate,
  generatorOf,
  latents,
  trainedGan,
} from "./_gan.ts";
import { saveGrid } from "./_shared.ts";

/** Config of 4.2-gan-losses. */
export interface GanLossesConfig extends GanTraining {
  /** Hidden widths of G, input to output (course: 256, 512, 1024). */
  generatorWidths: number[];
  /** Hidden widths of D, input to output (course: 1024, 512, 256). */
  discriminatorWidths: number[];
}

const quick: ScaleSetup<GanLossesConfig> = {
  config: {
    ...FC_GAN_TRAINING.quick,
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "lossGap",
      min: 0.2,
      reportKey: "lossGap",
      why:
        "D dominates: 2 seeds gave 0.50 ± 0.10 after 3 quick epochs (report 2.95 after 50 full ones)",
    },
    {
      metric: "finalD",
      max: 0.693,
      reportKey: "finalD",
      why: "D below the equilibrium loss ln 2 = 0.693: 2 seeds gave 0.594 ± 0.013",
    },
    {
      metric: "finalG",
      min: 0.693,
      reportKey: "finalG",
      why: "G above ln 2: 2 seeds gave 1.09 ± 0.09",
    },
  ],
};

const full: ScaleSetup<GanLossesConfig> = {
  config: {
    ...FC_GAN_TRAINING.full,
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "lossGap",
      min: 1.5,
      reportKey: "lossGap",
      why: "D dominates: G loss at least 1.5 above D's (report 2.95)",
    },
    {
      metric: "finalD",
      max: 0.5,
      reportKey: "finalD",
      why: "report 0.241: D well below the equilibrium loss ln 2",
    },
    {
      metric: "finalG",
      min: 2,
      reportKey: "finalG",
      why: "report 3.19: G well above ln 2",
    },
  ],
};

/** 4.2-gan-losses: the discriminator dominates; final mean losses D ≈ 0.241, G ≈ 3.19. */
export const ganLossesClaim = defineClaim<GanLossesConfig>({
  id: "4.2-gan-losses",
  section: "4.2",
  statement: "Vanilla GAN: the discriminator dominates, final mean losses D ≈ 0.241, G ≈ 3.19",
  report: { finalD: 0.241, finalG: 3.19, lossGap: 3.19 - 0.241 },
  scales: { quick, full },
  async run(config, ctx) {
    const trained = await trainedGan("fc", config, ctx);
    const generator = generatorOf("fc", config, trained);
    const z = latents(100, config.latent, ctx.seed + 2000);
    const images = generate(generator, z);
    const path = await saveGrid(ctx, "4.2-gan-losses", "samples", images, { columns: 10 });
    tf.dispose([z, images]);
    generator.dispose();
    const finalD = trained.dLoss.at(-1)!;
    const finalG = trained.gLoss.at(-1)!;
    return {
      metrics: { finalD, finalG, lossGap: finalG - finalD },
      curves: { dLoss: trained.dLoss, gLoss: trained.gLoss },
      images: { samples: path },
    };
  },
});
