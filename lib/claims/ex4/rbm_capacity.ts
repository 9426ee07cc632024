/**
 * 4.1 — capacity: an RBM with 10 hidden units reconstructs test digits worse than one with 50.
 *
 * Setup: both RBMs trained as in 4.1-rbm-training (the 50-unit one is the same model), then the
 * first MNIST test images are reconstructed by one noise-free up-down pass,
 * v̂ = σ(σ(vW + b)Wᵀ + a).
 *
 * Metrics:
 * - `reconError10`, `reconError50`: mean root-mean-square pixel distance between a test image and
 *   its reconstruction (see lib/training/image_metrics.ts), in [0, 1].
 * - `errorGap` = `reconError10` − `reconError50`: positive when 10 units reconstruct worse.
 * - `reconAccuracy10`, `reconAccuracy50`: share of reconstructions the reference classifier (the
 *   report's MNIST CNN) assigns to the test image's true digit.
 * - `accuracyGap` = `reconAccuracy50` − `reconAccuracy10`: positive when 10 units lose more digits.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { BernoulliRbm } from "../../models/mod.ts";
import { meanOf, pixelDistances } from "../../training/mod.ts";
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

/** Config of 4.1-rbm-capacity. */
export interface RbmCapacityConfig extends RbmTraining {
  /** Hidden units of the small RBM (report: 10). */
  smallHidden: number;
  /** First MNIST test images reconstructed. */
  testImages: number;
}

const quick: ScaleSetup<RbmCapacityConfig> = {
  config: {
    ...RBM_TRAINING.quick,
    smallHidden: 10, // report
    testImages: 1_000, // enough for a ±0.01 accuracy estimate
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "errorGap",
      min: 0.03,
      reportKey: "ordering",
      why: "10 units reconstruct worse: 3 seeds gave 0.065 ± 0.003; 0.03 is ten spreads above 0",
    },
    {
      metric: "accuracyGap",
      min: 0.2,
      reportKey: "ordering",
      why: "10 units lose more digits: 3 seeds gave 0.74 ± 0.01 (the 10-unit RBM draws one shape)",
    },
  ],
};

const full: ScaleSetup<RbmCapacityConfig> = {
  config: {
    ...RBM_TRAINING.full,
    smallHidden: 10, // report
    testImages: 10_000, // the whole test split
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "errorGap",
      min: 0.03,
      reportKey: "ordering",
      why: "10 units reconstruct worse: the quick threshold",
    },
    {
      metric: "accuracyGap",
      min: 0.2,
      reportKey: "ordering",
      why: "10 units lose more digits: the quick threshold",
    },
  ],
};

/** 4.1-rbm-capacity: 10 hidden units reconstruct test digits worse than 50. */
export const rbmCapacityClaim = defineClaim<RbmCapacityConfig>({
  id: "4.1-rbm-capacity",
  section: "4.1",
  statement: "An RBM with 10 hidden units reconstructs test digits worse than one with 50",
  report: { ordering: "10 components blurrier than 50 (qualitative)" },
  scales: { quick, full },
  async run(config, ctx) {
    const small = await trainedRbm({ ...config, hidden: config.smallHidden }, ctx);
    const large = await trainedRbm(config, ctx);
    const { x, labels } = await mnistFlat("test", config.testImages);
    const rbms = [
      BernoulliRbm.fromSnapshot(small.snapshot),
      BernoulliRbm.fromSnapshot(large.snapshot),
    ];
    const recons = rbms.map((rbm) => tf.tidy(() => rbm.visibleProbs(rbm.hiddenProbs(x))));
    try {
      const errors = await Promise.all(recons.map(async (r) => meanOf(await pixelDistances(x, r))));
      const accuracies = await withClassifier((classify) =>
        Promise.all(recons.map(async (r) => agreement(await classify(r), labels)))
      );
      const grid = tf.tidy(() =>
        tf.concat([x.slice(0, 10), recons[0].slice(0, 10), recons[1].slice(0, 10)])
      );
      const path = await saveGrid(ctx, "4.1-rbm-capacity", "test-10-50", grid, { columns: 10 });
      grid.dispose();
      return {
        metrics: {
          reconError10: errors[0],
          reconError50: errors[1],
          errorGap: errors[0] - errors[1],
          reconAccuracy10: accuracies[0],
          reconAccuracy50: accuracies[1],
          accuracyGap: accuracies[1] - accuracies[0],
        },
        images: { "test digits, 10 units, 50 units": path },
      };
    } finally {
      tf.dispose([x, ...recons]);
      for (const rbm of rbms) rbm.dispose();
    }
  },
});
