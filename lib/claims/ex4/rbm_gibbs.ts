/**
 * 4.1 — Gibbs sampling from test digits: one step stays close to the start image; long chains
 * (500 steps) move away and collapse onto a few modes ("dominated by digits resembling 1 or 9").
 *
 * Setup: the RBM of 4.1-rbm-training. One chain starts at each of the first MNIST test images;
 * each Gibbs step samples h ~ p(h|v), then v ~ p(v|h) (scikit-learn's `gibbs`). The picture of a
 * chain after k steps is p(v = 1 | h) of its k-th step, the noise-free image of its state.
 *
 * Metrics (definitions in lib/training/image_metrics.ts; "class" is the reference classifier's,
 * the report's MNIST CNN):
 * - `distance1`, `distance500`: mean root-mean-square pixel distance from the start image.
 * - `distanceGap` = `distance500` − `distance1`: long chains move away.
 * - `sameClass1`, `sameClass500`: share of chains whose class equals their start image's class.
 * - `entropy1`, `entropy500`: class entropy (bits) over all chains; `entropyDrop` = `entropy1` −
 *   `entropy500` is positive when long chains cover fewer classes.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { BernoulliRbm } from "../../models/mod.ts";
import { classEntropy, meanOf, pixelDistances } from "../../training/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  agreement,
  histogramRows,
  mnistFlat,
  RBM_TRAINING,
  type RbmTraining,
  saveGrid,
  trainedRbm,
  withClassifier,
} from "./_shared.ts";

/** Config of 4.1-rbm-gibbs. */
export interface RbmGibbsConfig extends RbmTraining {
  /** Chains, one per first MNIST test image. */
  chains: number;
  /** Length of the long chains (report: 500). */
  longSteps: number;
}

const quick: ScaleSetup<RbmGibbsConfig> = {
  config: {
    ...RBM_TRAINING.quick,
    chains: 500, // class entropy to about ±0.05 bits
    longSteps: 500, // report
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "sameClass1",
      min: 0.7,
      reportKey: "oneStep",
      why: "one step stays close: 3 seeds gave 0.84 ± 0.02 of chains keep their class",
    },
    {
      metric: "distanceGap",
      min: 0.05,
      reportKey: "longChains",
      why: "500 steps move away: 3 seeds gave 0.124 ± 0.005",
    },
    {
      metric: "entropyDrop",
      min: 1,
      reportKey: "longChains",
      why:
        "500 steps cover fewer classes: 3 seeds gave 2.90 ± 0.61 bits (min 2.20; one class left in two seeds)",
    },
  ],
};

const full: ScaleSetup<RbmGibbsConfig> = {
  config: {
    ...RBM_TRAINING.full,
    chains: 1_000, // one per test image of the first thousand
    longSteps: 500, // report
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "sameClass1",
      min: 0.7,
      reportKey: "oneStep",
      why: "one step stays close: the quick threshold",
    },
    {
      metric: "distanceGap",
      min: 0.05,
      reportKey: "longChains",
      why: "500 steps move away: the quick threshold",
    },
    {
      metric: "entropyDrop",
      min: 1,
      reportKey: "longChains",
      why: "500 steps cover fewer classes: the quick threshold",
    },
  ],
};

/** 4.1-rbm-gibbs: 1 Gibbs step stays close to the start, 500 steps move away onto few classes. */
export const rbmGibbsClaim = defineClaim<RbmGibbsConfig>({
  id: "4.1-rbm-gibbs",
  section: "4.1",
  statement:
    "One Gibbs step stays close to the start image; 500-step chains move away and cover fewer classes",
  report: {
    oneStep: "slightly blurred reconstructions of the originals",
    longChains: "collapse onto digits resembling 1 or 9",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const { snapshot } = await trainedRbm(config, ctx);
    const rbm = BernoulliRbm.fromSnapshot(snapshot, { seed: ctx.seed });
    const { x } = await mnistFlat("test", config.chains);
    const one = rbm.gibbs(x);
    const long = rbm.gibbs(one.sample, { steps: config.longSteps - 1 });
    try {
      const [distance1, distance500] = await Promise.all(
        [one.mean, long.mean].map(async (m) => meanOf(await pixelDistances(x, m))),
      );
      const [start, classes1, classes500] = await withClassifier((classify) =>
        Promise.all([x, one.mean, long.mean].map((images) => classify(images)))
      );
      const entropy1 = classEntropy(classes1);
      const entropy500 = classEntropy(classes500);
      // Grids of 10 and 100 chains, fewer when a run has fewer.
      const row = Math.min(10, config.chains);
      const grid = tf.tidy(() =>
        tf.concat([x.slice(0, row), one.mean.slice(0, row), long.mean.slice(0, row)])
      );
      const path = await saveGrid(ctx, "4.1-rbm-gibbs", "start-1-500", grid, { columns: row });
      const many = tf.tidy(() => long.mean.slice(0, Math.min(100, config.chains)));
      const samplesPath = await saveGrid(ctx, "4.1-rbm-gibbs", "after-500", many, { columns: 10 });
      tf.dispose([grid, many]);
      return {
        metrics: {
          distance1,
          distance500,
          distanceGap: distance500 - distance1,
          sameClass1: agreement(classes1, start),
          sameClass500: agreement(classes500, start),
          startEntropy: classEntropy(start),
          entropy1,
          entropy500,
          entropyDrop: entropy1 - entropy500,
        },
        tables: { classes500: histogramRows(classes500) },
        images: { "start, 1 step, 500 steps": path, "after 500 steps": samplesPath },
      };
    } finally {
      tf.dispose([x, one.sample, one.mean, long.sample, long.mean]);
      rbm.dispose();
    }
  },
});
