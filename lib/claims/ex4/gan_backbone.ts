/**
 * 4.2 — a CNN-backbone GAN gives more diverse digits than the vanilla GAN; a latent interpolation
 * changes the decoded digit along the way ("morphs from an '8'-like shape to a '3'-like shape").
 *
 * Setup: the vanilla GAN of 4.2-gan-losses (same config, the same trained model) and a
 * DCGAN-style GAN (lib/models/gan.ts: dense → 7×7 maps → two 4×4 stride-2 transposed
 * convolutions; D two 4×4 stride-2 convolutions) trained the same way: same images, batch,
 * epochs, losses and optimiser. The report gives no CNN sizes.
 *
 * Metrics (definitions in lib/training/image_metrics.ts; classes from the reference classifier,
 * the report's MNIST CNN):
 * - `entropyFc`, `entropyCnn`: class entropy (bits) of `samples` generated digits from N(0, I)
 *   latents; `entropyGap` = `entropyCnn` − `entropyFc`, positive when the CNN backbone is more
 *   diverse.
 * - `interpolationChangeFc`, `interpolationChangeCnn`: share of `pairs` latent pairs (z0, z1)
 *   whose decoded class changes somewhere along (1 − λ)z0 + λz1, λ = 0, 1/(frames−1), …, 1.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { classEntropy } from "../../training/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  FC_GAN_TRAINING,
  type GanTraining,
  generate,
  generatorOf,
  latents,
  trainedGan,
} from "./_gan.ts";
import { histogramRows, interpolate, saveGrid, withClassifier } from "./_shared.ts";

/** Config of 4.2-gan-backbone. */
export interface GanBackboneConfig extends GanTraining {
  /** Hidden widths of the vanilla G (course: 256, 512, 1024). */
  generatorWidths: number[];
  /** Hidden widths of the vanilla D (course: 1024, 512, 256). */
  discriminatorWidths: number[];
  /** CNN G: `[maps at 7×7, channels at 14×14]`. */
  cnnGeneratorWidths: number[];
  /** CNN D: channels of its two convolutions. */
  cnnDiscriminatorWidths: number[];
  /** Generated digits classified per GAN. */
  samples: number;
  /** Latent pairs interpolated. */
  pairs: number;
  /** Frames per interpolation, ends included. */
  frames: number;
}

const quick: ScaleSetup<GanBackboneConfig> = {
  config: {
    ...FC_GAN_TRAINING.quick,
    cnnGeneratorWidths: [32, 16], // about 0.1 M parameters in G, as the quick vanilla G
    cnnDiscriminatorWidths: [16, 32],
    samples: 1_000, // class entropy to about ±0.05 bits
    pairs: 20,
    frames: 10,
  },
  seeds: [0, 1],
  // On seeds 0 and 1 the seed-mean class-entropy gap was +0.40, +0.13, −0.19 and +0.03 bits in
  // four runs of earlier code that differed only in the wasm kernels and the reference classifier
  // (each entropy of 1,000 samples is known to about ±0.05 bits; the per-seed gap spreads by
  // ±0.3–0.4), so the quick verdict followed float noise. With the current kernels two freshly
  // trained classifiers gave the same +0.729 and −0.005 (mean +0.36). Over 10 seeds the gap is
  // +0.41 ± 0.12 bits in TF.js and +0.40 ± 0.09 in PyTorch (± a standard error): the CNN backbone
  // is more diverse, and that is what the quick run now expects; ten seeds would make it robust
  // but cost ~8 CPU-minutes, too much for the quick suite.
  expect: "reproduced",
  bands: [
    {
      metric: "entropyGap",
      statement: "more diverse",
      // Each entropy of 1,000 samples is known to about ±0.05 bits, so their gap to about ±0.07:
      // "more diverse" needs a gap of two such spreads, not a sign that float noise can flip.
      min: 0.14,
      reportKey: "diversity",
      why:
        "the CNN backbone is more diverse: a class-entropy gap beyond twice its sampling noise (±0.07 bits at 1,000 samples)",
    },
    {
      metric: "interpolationChangeFc",
      statement: "interpolation",
      min: 0.5,
      reportKey: "interpolation",
      why:
        "the vanilla GAN's digit changes along most interpolations: seeds 0 and 1 gave 0.80 to 0.93 of 20 pairs in three runs",
    },
  ],
  guards: [
    {
      metric: "entropyGap",
      statement: "more diverse",
      min: -0.7,
      max: 0.7,
      why: "seed-mean gaps of +0.40, +0.13, -0.19 bits, per-seed spread up to 0.22",
    },
    {
      metric: "interpolationChangeFc",
      statement: "interpolation",
      min: 0.5,
      why: "0.80 to 0.93 in three runs",
    },
  ],
};

const full: ScaleSetup<GanBackboneConfig> = {
  config: {
    ...FC_GAN_TRAINING.full,
    cnnGeneratorWidths: [128, 64], // DCGAN-like widths for 28×28
    cnnDiscriminatorWidths: [64, 128],
    samples: 5_000,
    pairs: 50,
    frames: 10,
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "entropyGap",
      statement: "more diverse",
      min: 0.1,
      reportKey: "diversity",
      why: "the CNN backbone is more diverse: the quick threshold",
    },
    {
      metric: "interpolationChangeFc",
      statement: "interpolation",
      min: 0.5,
      reportKey: "interpolation",
      why: "the digit changes along most interpolations",
    },
  ],
};

/** 4.2-gan-backbone: the CNN-backbone GAN is more diverse; interpolation changes the digit. */
export const ganBackboneClaim = defineClaim<GanBackboneConfig>({
  id: "4.2-gan-backbone",
  section: "4.2",
  statement:
    "A CNN-backbone GAN gives more diverse digits than the vanilla GAN; a latent interpolation changes the decoded digit",
  report: {
    diversity: "CNN backbone slightly more diverse (qualitative)",
    interpolation: "an '8'-like shape morphs into a '3'-like shape",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const cnnConfig = {
      ...config,
      generatorWidths: config.cnnGeneratorWidths,
      discriminatorWidths: config.cnnDiscriminatorWidths,
    };
    const setups = [["Fc", "fc", config], ["Cnn", "cnn", cnnConfig]] as const;
    const metrics: Record<string, number> = {};
    const images: Record<string, string> = {};
    const tables: Record<string, Array<Record<string, number>>> = {};
    for (const [name, backbone, setup] of setups) {
      const trained = await trainedGan(backbone, setup, ctx);
      const generator = generatorOf(backbone, setup, trained);
      const z = latents(config.samples, config.latent, ctx.seed + 2000);
      const ends = latents(2 * config.pairs, config.latent, ctx.seed + 3000);
      const path = tf.tidy(() => interpolate(ends, config.pairs, config.frames));
      const samples = generate(generator, z);
      const frames = generate(generator, path);
      try {
        await withClassifier(async (classify) => {
          const classes = await classify(samples);
          metrics[`entropy${name}`] = classEntropy(classes);
          tables[`classes${name}`] = histogramRows(classes);
          const along = await classify(frames);
          let changed = 0;
          for (let p = 0; p < config.pairs; p++) {
            const row = along.slice(p * config.frames, (p + 1) * config.frames);
            changed += Number(row.some((c) => c !== row[0]));
          }
          metrics[`interpolationChange${name}`] = changed / config.pairs;
        });
        const shown = tf.slice(samples, 0, 100);
        images[`samples ${name}`] = await saveGrid(
          ctx,
          "4.2-gan-backbone",
          `samples-${name}`,
          shown,
          {
            columns: 10,
          },
        );
        const rows = tf.slice(frames, 0, 5 * config.frames);
        images[`interpolation ${name}`] = await saveGrid(
          ctx,
          "4.2-gan-backbone",
          `interpolation-${name}`,
          rows,
          { columns: config.frames },
        );
        tf.dispose([shown, rows]);
      } finally {
        tf.dispose([z, ends, path, samples, frames]);
        generator.dispose();
      }
    }
    metrics.entropyGap = metrics.entropyCnn - metrics.entropyFc;
    return { metrics, images, tables };
  },
});
