/**
 * 4.1 — inpainting: reconstructing test digits with rows removed from the top gets worse as more
 * rows are removed ("the fragment becomes increasingly ambiguous").
 *
 * Setup: the RBM of 4.1-rbm-training. The top k rows of each of the first MNIST test images are
 * set to 0 (the course removes rows 0–12, k = 13), then Gibbs steps run with the remaining rows
 * clamped to the image, so only the removed rows are sampled. The picture is p(v = 1 | h) of the
 * last step.
 *
 * Metrics, for each k of `rowsRemoved`:
 * - `error<k>`: root-mean-square difference between the reconstruction and the true image over
 *   the removed rows only, averaged over images.
 * - `accuracy<k>`: share of completed images the reference classifier (the report's MNIST CNN)
 *   assigns to the true digit.
 * - `errorRise` = error at the largest k − error at the smallest k; `errorIncreases` = how many
 *   consecutive pairs of k have a larger error (all of them when the error grows with k);
 *   `accuracyDrop` = accuracy at the smallest k − accuracy at the largest k.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { BernoulliRbm } from "../../models/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  agreement,
  mnistFlat,
  RBM_TRAINING,
  type RbmTraining,
  saveGrid,
  trainedRbm,
  withClassifier,
} from "./_shared.ts";

/** Config of 4.1-rbm-inpainting. */
export interface RbmInpaintingConfig extends RbmTraining {
  /** First MNIST test images to complete. */
  testImages: number;
  /** Numbers of top rows removed; the course removes 13 (rows 0–12). */
  rowsRemoved: number[];
  /** Gibbs steps with the kept rows clamped. */
  steps: number;
}

const quick: ScaleSetup<RbmInpaintingConfig> = {
  config: {
    ...RBM_TRAINING.quick,
    testImages: 500, // accuracy to about ±0.02
    rowsRemoved: [4, 8, 13, 18], // 13 is the course's; the others bracket it
    steps: 10, // the report's "moderate number of steps"
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "errorIncreases",
      min: 3,
      max: 3,
      reportKey: "trend",
      why: "the error grows with every step of k: 3 of 3 pairs in each of 3 seeds",
    },
    {
      metric: "errorRise",
      min: 0.1,
      reportKey: "trend",
      why: "18 removed rows against 4: 3 seeds gave 0.29 ± 0.01",
    },
    {
      metric: "accuracyDrop",
      min: 0.3,
      reportKey: "trend",
      why: "more wrong digits: 3 seeds gave 0.66 ± 0.07 (min 0.60)",
    },
  ],
};

const full: ScaleSetup<RbmInpaintingConfig> = {
  config: {
    ...RBM_TRAINING.full,
    testImages: 2_000,
    rowsRemoved: [4, 8, 13, 18],
    steps: 10,
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "errorIncreases",
      min: 3,
      max: 3,
      reportKey: "trend",
      why: "the error grows with every step of k",
    },
    {
      metric: "errorRise",
      min: 0.1,
      reportKey: "trend",
      why: "the quick threshold",
    },
    {
      metric: "accuracyDrop",
      min: 0.3,
      reportKey: "trend",
      why: "the quick threshold",
    },
  ],
};

/** 4.1-rbm-inpainting: more removed rows make their reconstruction worse. */
export const rbmInpaintingClaim = defineClaim<RbmInpaintingConfig>({
  id: "4.1-rbm-inpainting",
  section: "4.1",
  statement: "Reconstruction of test digits with rows removed gets worse as more rows are removed",
  report: { trend: "more rows removed, more wrong digits and noisy patches (qualitative)" },
  scales: { quick, full },
  async run(config, ctx) {
    const { snapshot } = await trainedRbm(config, ctx);
    const rbm = BernoulliRbm.fromSnapshot(snapshot, { seed: ctx.seed });
    const { x, labels } = await mnistFlat("test", config.testImages);
    const n = config.testImages;
    const metrics: Record<string, number> = {};
    const errors: number[] = [];
    const accuracies: number[] = [];
    const shown: tf.Tensor[] = [tf.slice(x, [0, 0], [10, 784])];
    try {
      await withClassifier(async (classify) => {
        for (const k of config.rowsRemoved) {
          // Mask rows: 1 for the kept rows k..27, `[n, 784]`.
          const known = tf.tidy(() =>
            tf.tile(
              tf.concat([tf.zeros([1, 28 * k]), tf.ones([1, 28 * (28 - k)])], 1),
              [n, 1],
            )
          ) as tf.Tensor2D;
          const start = tf.mul(x, known) as tf.Tensor2D;
          const { sample, mean } = rbm.gibbs(start, { steps: config.steps, known });
          const error = tf.tidy(() => {
            const removed = tf.sub(1, known);
            const squared = tf.sum(tf.mul(tf.square(tf.sub(mean, x)), removed), 1);
            return tf.mean(tf.sqrt(tf.div(squared, 28 * k)));
          });
          errors.push((await error.data())[0]);
          accuracies.push(agreement(await classify(mean), labels));
          metrics[`error${k}`] = errors.at(-1)!;
          metrics[`accuracy${k}`] = accuracies.at(-1)!;
          shown.push(tf.slice(start, [0, 0], [10, 784]), tf.slice(mean, [0, 0], [10, 784]));
          tf.dispose([known, start, sample, error, mean]);
        }
      });
      let errorIncreases = 0;
      for (let i = 1; i < errors.length; i++) errorIncreases += Number(errors[i] > errors[i - 1]);
      const grid = tf.concat(shown);
      const path = await saveGrid(ctx, "4.1-rbm-inpainting", "rows-removed", grid, {
        columns: 10,
      });
      grid.dispose();
      return {
        metrics: {
          ...metrics,
          errorRise: errors.at(-1)! - errors[0],
          errorIncreases,
          accuracyDrop: accuracies[0] - accuracies.at(-1)!,
        },
        tables: {
          rows: config.rowsRemoved.map((k, i) => ({
            rowsRemoved: k,
            error: errors[i],
            accuracy: accuracies[i],
          })),
        },
        images: { "test digits, then cut and completed for each k": path },
      };
    } finally {
      tf.dispose([x, ...shown]);
      rbm.dispose();
    }
  },
});
