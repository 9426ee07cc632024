/**
 * Training of the 4.2 GANs, shared by the GAN and VAE claims through the per-process memo.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { continuedRandom, type RandomState, seededRandom } from "../../backend/mod.ts";
import { buildGan, type Gan, type GanBackbone, ganStep } from "../../models/mod.ts";
import { FusedAdam, type FusedAdamState } from "../../optimizers/mod.ts";
import { loadWeights, type SavedWeight, saveWeights } from "../../training/mod.ts";
import type { RunContext } from "../claim.ts";
import { trainingProgress } from "../seed_rows.ts";
import { mnistFlat, once } from "./_shared.ts";

/** How a GAN of 4.2 is trained (course: BCE, Adam 1e-3, β = (0.5, 0.999)). */
export interface GanTraining {
  /** First MNIST training images, scaled to [−1, 1]. */
  trainImages: number;
  /** Images per step (course: 512). */
  batchSize: number;
  /** Passes over the images (course: 50). */
  epochs: number;
  /** Adam step size (course: 1e-3). */
  learningRate: number;
  /** Latent size (course: 10). */
  latent: number;
}

/** The fully connected GAN of 4.2, with its layer widths. */
export interface FcGanTraining extends GanTraining {
  /** Hidden widths of G (course: 256, 512, 1024). */
  generatorWidths: number[];
  /** Hidden widths of D (course: 1024, 512, 256). */
  discriminatorWidths: number[];
}

/**
 * The vanilla GAN the 4.2 and 4.3 claims share, per scale. One definition, so that they train and
 * compare against the same GAN per seed (see {@linkcode trainedGan}) and cannot drift apart.
 */
export const FC_GAN_TRAINING: Readonly<Record<"quick" | "full", Readonly<FcGanTraining>>> = Object
  .freeze({
    quick: Object.freeze({
      trainImages: 10_000, // a sixth of MNIST
      batchSize: 64, // 157 steps per epoch instead of 20 at the course's 512
      epochs: 3,
      learningRate: 1e-3, // course
      latent: 10, // course
      generatorWidths: [64, 128, 256], // a quarter of the course's, same shape
      discriminatorWidths: [256, 128, 64],
    }),
    full: Object.freeze({
      trainImages: 60_000, // course
      batchSize: 512, // course
      epochs: 50, // course
      learningRate: 1e-3, // course
      latent: 10, // course
      generatorWidths: [256, 512, 1024], // course
      discriminatorWidths: [1024, 512, 256], // course
    }),
  });

/**
 * A GAN's training after an epoch, for a cut run to resume from: both networks, both
 * optimizers, the shuffling generator and the losses so far (their length is the epochs done).
 */
interface GanProgress {
  dLoss: number[];
  gLoss: number[];
  generator: SavedWeight[];
  discriminator: SavedWeight[];
  dOptimizer: FusedAdamState;
  gOptimizer: FusedAdamState;
  shuffle: RandomState;
}

/** A trained generator as arrays, with the per-epoch mean losses. */
export interface TrainedGan {
  weights: Array<{ shape: number[]; values: Float32Array }>;
  /** Mean discriminator loss over each epoch's steps. */
  dLoss: number[];
  /** Mean generator loss over each epoch's steps. */
  gLoss: number[];
}

/** Latent draws N(0, 1) `[n, latent]` from a seeded generator (Box–Muller). */
export function latents(n: number, latent: number, seed: number): tf.Tensor2D {
  const next = seededRandom(seed);
  const values = new Float32Array(n * latent);
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  }
  return tf.tensor2d(values, [n, latent]);
}

/**
 * Train (or take from the memo) a GAN, returning its generator's weights and loss curves.
 * `widths` are the generator's and discriminator's hidden widths (see `buildGan`).
 */
export function trainedGan(
  backbone: GanBackbone,
  config: GanTraining & { generatorWidths: number[]; discriminatorWidths: number[] },
  ctx: RunContext,
): Promise<TrainedGan> {
  const key = JSON.stringify(["gan", backbone, config, ctx.seed]);
  return once(key, async () => {
    const { trainImages, batchSize, epochs, learningRate, latent } = config;
    const { x } = await mnistFlat("train", trainImages);
    // Course: transforms.Normalize((0.5,), (0.5,)) maps [0, 1] to [−1, 1], tanh's range.
    const real = tf.tidy(() => tf.sub(tf.mul(x, 2), 1).reshape([trainImages, 28, 28, 1]));
    x.dispose();
    const gan = buildGan({
      backbone,
      latent,
      generatorWidths: config.generatorWidths,
      discriminatorWidths: config.discriminatorWidths,
    });
    // tf.train.adam's numbers, each update in one kernel call.
    const dOptimizer = new FusedAdam(learningRate, 0.5, 0.999, 1e-8);
    const gOptimizer = new FusedAdam(learningRate, 0.5, 0.999, 1e-8);
    const progress = trainingProgress<GanProgress>(ctx, `gan-${backbone}`);
    const saved = progress.saved;
    const next = saved ? continuedRandom(saved.shuffle) : seededRandom(ctx.seed + 1000);
    const dLoss = [...saved?.dLoss ?? []];
    const gLoss = [...saved?.gLoss ?? []];
    try {
      if (saved) {
        loadWeights(gan.generator, saved.generator);
        loadWeights(gan.discriminator, saved.discriminator);
        await dOptimizer.restoreState(saved.dOptimizer);
        await gOptimizer.restoreState(saved.gOptimizer);
      }
      for (let epoch = dLoss.length + 1; epoch <= epochs; epoch++) {
        ctx.signal?.throwIfAborted();
        const order = Int32Array.from({ length: trainImages }, (_, i) => i);
        // Fisher–Yates with the seeded generator: the course's DataLoader shuffles each epoch.
        for (let i = order.length - 1; i > 0; i--) {
          const j = Math.floor(next() * (i + 1));
          [order[i], order[j]] = [order[j], order[i]];
        }
        let dSum = 0;
        let gSum = 0;
        let steps = 0;
        for (let start = 0; start < trainImages; start += batchSize) {
          const size = Math.min(batchSize, trainImages - start);
          const index = tf.tensor1d(order.slice(start, start + size), "int32");
          const batch = tf.gather(real, index) as tf.Tensor4D;
          const z = latents(size, latent, Math.floor(next() * 2 ** 31));
          const losses = ganStep(gan, { real: batch, z, dOptimizer, gOptimizer });
          dSum += (await losses.discriminator.data())[0];
          gSum += (await losses.generator.data())[0];
          steps++;
          tf.dispose([index, batch, z, losses.discriminator, losses.generator]);
        }
        dLoss.push(dSum / steps);
        gLoss.push(gSum / steps);
        ctx.onEpoch?.({
          label: `gan-${backbone}`,
          epoch,
          epochs,
          values: { d_loss: dLoss.at(-1)!, g_loss: gLoss.at(-1)! },
        });
        await progress.save(async () => ({
          dLoss,
          gLoss,
          generator: await saveWeights(gan.generator),
          discriminator: await saveWeights(gan.discriminator),
          dOptimizer: await dOptimizer.saveState(),
          gOptimizer: await gOptimizer.saveState(),
          shuffle: next.state(),
        }));
      }
      const weights = await Promise.all(
        gan.generator.getWeights().map(async (w) => ({
          shape: w.shape,
          values: await w.data() as Float32Array,
        })),
      );
      return { weights, dLoss, gLoss };
    } finally {
      real.dispose();
      disposeGan(gan);
      dOptimizer.dispose();
      gOptimizer.dispose();
    }
  }, ctx.fresh);
}

/** Rebuild a trained generator; the caller disposes it. */
export function generatorOf(
  backbone: GanBackbone,
  config: GanTraining & { generatorWidths: number[]; discriminatorWidths: number[] },
  trained: TrainedGan,
): tf.LayersModel {
  const gan = buildGan({
    backbone,
    latent: config.latent,
    generatorWidths: config.generatorWidths,
    discriminatorWidths: config.discriminatorWidths,
  });
  gan.discriminator.dispose();
  const tensors = trained.weights.map((w) => tf.tensor(w.values, w.shape));
  gan.generator.setWeights(tensors);
  tf.dispose(tensors);
  return gan.generator;
}

/** Generated images `[n, 28, 28, 1]` mapped from tanh's [−1, 1] to [0, 1]. */
export function generate(generator: tf.LayersModel, z: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.add(generator.predict(z) as tf.Tensor4D, 1), 2) as tf.Tensor4D);
}

function disposeGan(gan: Gan): void {
  gan.generator.dispose();
  gan.discriminator.dispose();
}
