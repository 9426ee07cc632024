/**
 * 4.3 — the VAE's samples cover all ten classes, its latent interpolation is smooth ("no sudden
 * jumps"), and its samples are blurrier than the GAN's but cover the classes more evenly.
 *
 * Setup (course-facts): 784 → 128 ReLU → μ, log σ² (latent 100) → 128 ReLU → 784 sigmoid,
 * Xavier init; loss = summed BCE per batch / batch size + KL; batch 3000, 50 epochs, Adam 1e-3,
 * β = (0.5, 0.999). The quick scale keeps the model and the loss and takes a sixth of the images
 * with batch 100 for 1500 steps (the course makes 1000 larger ones). The GAN compared is the
 * vanilla GAN of 4.2-gan-losses at the same scale (the same trained model).
 *
 * Metrics (definitions in lib/training/image_metrics.ts; classes from the reference classifier,
 * the report's MNIST CNN; samples decode z ~ N(0, I)):
 * - `classesCovered`: digits that receive at least 2% of `samples` VAE samples (10 = all).
 * - `entropyVae`, `entropyGan`: class entropy (bits) of the samples; `entropyGap` = VAE − GAN,
 *   positive when the VAE covers the classes more evenly.
 * - `sharpnessVae`, `sharpnessGan`: mean sharpness (ink-weighted contrast); `sharpnessGap` =
 *   GAN − VAE, positive when the VAE is blurrier.
 * - `maxStepRatio`: for `pairs` pairs of test digits, decode `frames` points on the line between
 *   their latent means; the largest pixel distance between consecutive frames divided by the
 *   distance between the two end frames, averaged over pairs. An even morph gives
 *   1/(frames − 1); a jump from one digit to the other in a single step gives about 1.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { Vae } from "../../models/mod.ts";
import { FusedAdam } from "../../optimizers/mod.ts";
import {
  classEntropy,
  classesCovered,
  meanOf,
  pixelDistances,
  sharpness,
} from "../../training/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  FC_GAN_TRAINING,
  type FcGanTraining,
  generate,
  generatorOf,
  latents,
  trainedGan,
} from "./_gan.ts";
import { histogramRows, interpolate, mnistFlat, saveGrid, withClassifier } from "./_shared.ts";

/** Config of 4.3-vae; the `gan` fields are 4.2-gan-losses' at the same scale. */
export interface VaeConfig {
  /** First MNIST training images. */
  trainImages: number;
  /** Images per step (course: 3000). */
  batchSize: number;
  /** Passes over the images (course: 50). */
  epochs: number;
  /** Adam step size (course: 1e-3, β = (0.5, 0.999)). */
  learningRate: number;
  /** Hidden width (course: 128). */
  hidden: number;
  /** Latent size (course: 100). */
  latent: number;
  /** Samples classified and measured. */
  samples: number;
  /** Pairs of test digits interpolated. */
  pairs: number;
  /** Frames per interpolation, ends included. */
  frames: number;
  /** The vanilla GAN compared with, as in 4.2-gan-losses. */
  gan: FcGanTraining;
}

const quick: ScaleSetup<VaeConfig> = {
  config: {
    trainImages: 10_000, // a sixth of MNIST
    batchSize: 100, // 100 steps per epoch
    epochs: 15, // 1500 steps, more than the course's 1000
    learningRate: 1e-3, // course
    hidden: 128, // course
    latent: 100, // course
    samples: 1_000, // class entropy to about ±0.05 bits
    pairs: 20,
    frames: 10,
    gan: FC_GAN_TRAINING.quick, // the GAN of 4.2-gan-losses, shared per seed
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "classesCovered",
      min: 10,
      max: 10,
      reportKey: "classes",
      why: "all ten digits get at least 2% of the samples: 10 in each of 2 seeds",
    },
    {
      metric: "maxStepRatio",
      max: 0.4,
      reportKey: "interpolation",
      why:
        "no sudden jumps: 2 seeds gave 0.188 ± 0.001 (an even morph gives 0.111, a one-step jump about 1)",
    },
    {
      metric: "sharpnessGap",
      min: 0.03,
      reportKey: "versusGan",
      why: "blurrier than the GAN: 2 seeds gave 0.125 ± 0.058 (min 0.084)",
    },
    {
      metric: "entropyGap",
      min: 0.1,
      reportKey: "versusGan",
      why: "more even classes than the GAN: 2 seeds gave +0.55 ± 0.28 bits (min 0.35)",
    },
  ],
};

const full: ScaleSetup<VaeConfig> = {
  config: {
    trainImages: 60_000, // course
    batchSize: 3_000, // course
    epochs: 50, // course
    learningRate: 1e-3, // course
    hidden: 128, // course
    latent: 100, // course
    samples: 5_000,
    pairs: 50,
    frames: 10,
    gan: FC_GAN_TRAINING.full, // the GAN of 4.2-gan-losses, shared per seed
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "classesCovered",
      min: 10,
      max: 10,
      reportKey: "classes",
      why: "all ten digits get at least 2% of the samples",
    },
    {
      metric: "maxStepRatio",
      max: 0.4,
      reportKey: "interpolation",
      why: "no sudden jumps: the quick threshold",
    },
    {
      metric: "sharpnessGap",
      min: 0.03,
      reportKey: "versusGan",
      why: "blurrier than the GAN: the quick threshold",
    },
    {
      metric: "entropyGap",
      min: 0.1,
      reportKey: "versusGan",
      why: "more even classes than the GAN: the quick threshold",
    },
  ],
};

/** 4.3-vae: samples cover all ten classes, interpolation is smooth, blurrier but more even than the GAN. */
export const vaeClaim = defineClaim<VaeConfig>({
  id: "4.3-vae",
  section: "4.3",
  statement:
    "VAE samples cover all ten classes, interpolation is smooth, samples are blurrier than the GAN's but cover classes more evenly",
  report: {
    classes: "all ten classes appearing",
    interpolation: "smooth transition, no sudden jumps",
    versusGan: "blurrier, greater mode coverage (qualitative)",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const vae = await trainVae(config, ctx);
    const trainedG = await trainedGan("fc", config.gan, ctx);
    const generator = generatorOf("fc", config.gan, trainedG);
    const held: tf.Tensor[] = [];
    try {
      const z = latents(config.samples, config.latent, ctx.seed + 2000);
      const zGan = latents(config.samples, config.gan.latent, ctx.seed + 2000);
      const vaeSamples = vae.decode(z);
      const ganSamples = generate(generator, zGan);
      const { x: ends } = await mnistFlat("test", 2 * config.pairs);
      const { mu, logVar } = vae.encode(ends);
      logVar.dispose();
      const path = tf.tidy(() => interpolate(mu, config.pairs, config.frames));
      const frames = vae.decode(path);
      held.push(z, zGan, vaeSamples, ganSamples, ends, mu, path, frames);

      const metrics: Record<string, number> = {};
      const tables: Record<string, Array<Record<string, number>>> = {};
      await withClassifier(async (classify) => {
        const vaeClasses = await classify(vaeSamples);
        const ganClasses = await classify(ganSamples);
        metrics.classesCovered = classesCovered(vaeClasses, 0.02);
        metrics.entropyVae = classEntropy(vaeClasses);
        metrics.entropyGan = classEntropy(ganClasses);
        tables.classesVae = histogramRows(vaeClasses);
      });
      metrics.entropyGap = metrics.entropyVae - metrics.entropyGan;
      metrics.sharpnessVae = meanOf(await sharpness(vaeSamples));
      metrics.sharpnessGan = meanOf(await sharpness(ganSamples));
      metrics.sharpnessGap = metrics.sharpnessGan - metrics.sharpnessVae;
      metrics.maxStepRatio = await maxStepRatio(frames, config.pairs, config.frames);

      const images: Record<string, string> = {};
      const shownVae = tf.slice(vaeSamples, 0, 100);
      const shownGan = tf.slice(ganSamples, 0, 100);
      const shownPath = tf.slice(frames, 0, 5 * config.frames);
      held.push(shownVae, shownGan, shownPath);
      images["VAE samples"] = await saveGrid(ctx, "4.3-vae", "samples-vae", shownVae, {
        columns: 10,
      });
      images["GAN samples"] = await saveGrid(ctx, "4.3-vae", "samples-gan", shownGan, {
        columns: 10,
      });
      images.interpolation = await saveGrid(ctx, "4.3-vae", "interpolation", shownPath, {
        columns: config.frames,
      });
      return { metrics, tables, images };
    } finally {
      tf.dispose(held);
      vae.dispose();
      generator.dispose();
    }
  },
});

/** Train the course's VAE with Adam, logging the mean loss (negative ELBO) per epoch. */
async function trainVae(config: VaeConfig, ctx: Parameters<typeof trainedGan>[2]): Promise<Vae> {
  const { x } = await mnistFlat("train", config.trainImages);
  const vae = new Vae({ hidden: config.hidden, latent: config.latent, seed: ctx.seed });
  const optimizer = new FusedAdam(config.learningRate, 0.5, 0.999, 1e-8); // tf.train.adam, one kernel
  let draw = ctx.seed * 1_000_003;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      ctx.signal?.throwIfAborted();
      let sum = 0;
      let steps = 0;
      for (let start = 0; start < config.trainImages; start += config.batchSize) {
        const size = Math.min(config.batchSize, config.trainImages - start);
        const batch = tf.slice(x, [start, 0], [size, 784]);
        const eps = latents(size, config.latent, draw++);
        sum += await vae.trainStep({ x: batch, eps }, optimizer);
        steps++;
        tf.dispose([batch, eps]);
      }
      ctx.onEpoch?.({ label: "vae", epoch, epochs: config.epochs, values: { loss: sum / steps } });
    }
    return vae;
  } catch (error) {
    vae.dispose();
    throw error;
  } finally {
    x.dispose();
    optimizer.dispose();
  }
}

/** Mean over paths of (largest consecutive-frame distance / end-to-end distance). */
async function maxStepRatio(frames: tf.Tensor2D, pairs: number, count: number): Promise<number> {
  const ratios: number[] = [];
  const [first, second, a, b] = tf.tidy(() => {
    const rows = frames.reshape([pairs, count, 784]);
    return [
      tf.slice(rows, [0, 0, 0], [-1, count - 1, -1]).reshape([-1, 784]),
      tf.slice(rows, [0, 1, 0], [-1, count - 1, -1]).reshape([-1, 784]),
      tf.slice(rows, [0, 0, 0], [-1, 1, -1]).reshape([pairs, 784]),
      tf.slice(rows, [0, count - 1, 0], [-1, 1, -1]).reshape([pairs, 784]),
    ];
  });
  const steps = await pixelDistances(first, second);
  const spans = await pixelDistances(a, b);
  tf.dispose([first, second, a, b]);
  for (let p = 0; p < pairs; p++) {
    const largest = Math.max(...steps.slice(p * (count - 1), (p + 1) * (count - 1)));
    ratios.push(largest / spans[p]);
  }
  return meanOf(ratios);
}
