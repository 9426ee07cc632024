/**
 * 4.1 — an RBM trained with contrastive divergence: the pseudo-likelihood rises, then plateaus.
 *
 * Setup (course-facts): scikit-learn's `BernoulliRBM` (persistent CD-1, batches in order, weights
 * N(0, 0.01²)), MNIST scaled to [0, 1], the report's 50 components, learning rate 0.01, 50 epochs.
 * The report does not give the batch size: scikit-learn's default of 10 is used.
 *
 * Metrics (PL = mean pseudo-log-likelihood of the training images after an epoch, scikit-learn's
 * `score_samples`, one random unit flipped per image):
 * - `plRise` = mean PL of the last three epochs − PL after the first epoch: the rise.
 * - `lateGainShare` = (mean PL of the last three epochs − mean PL of the three epochs around the
 *   middle of training) / `plRise`: the share of the whole gain made in the second half. A
 *   plateau makes it small; a curve still climbing steadily makes it about one half or more.
 *
 * @module
 */
import { defineClaim, type ScaleSetup } from "../claim.ts";
import { RBM_TRAINING, type RbmTraining, saveGrid, trainedRbm } from "./_shared.ts";
import * as tf from "@tensorflow/tfjs";

/** Config of 4.1-rbm-training. */
export interface RbmTrainingConfig extends RbmTraining {
  /** Filters drawn in the stored grid (report: "components extracted by the RBM"). */
  filtersShown: number;
}

const quick: ScaleSetup<RbmTrainingConfig> = {
  config: {
    ...RBM_TRAINING.quick,
    filtersShown: 50,
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "plRise",
      min: 15,
      reportKey: "curve",
      why:
        "rises: 3 seeds gave 39.8 ± 8.0 (min 31.3); 15 is well above the ±5 epoch-to-epoch noise",
    },
    {
      metric: "lateGainShare",
      max: 0.35,
      reportKey: "curve",
      why: "plateaus: 3 seeds gave 0.09 ± 0.12 (max 0.20); a steady climb gives about 0.5",
    },
  ],
};

const full: ScaleSetup<RbmTrainingConfig> = {
  config: {
    ...RBM_TRAINING.full,
    filtersShown: 50,
  },
  seeds: [0, 1],
  expect: "reproduced",
  bands: [
    {
      metric: "plRise",
      min: 15,
      reportKey: "curve",
      why:
        "rises: the quick scale's threshold, well above the epoch-to-epoch noise of the estimate",
    },
    {
      metric: "lateGainShare",
      max: 0.35,
      reportKey: "curve",
      why: "plateaus: the quick scale's threshold; a steady climb gives about 0.5",
    },
  ],
};

/** 4.1-rbm-training: the pseudo-likelihood of CD training rises, then plateaus. */
export const rbmTrainingClaim = defineClaim<RbmTrainingConfig>({
  id: "4.1-rbm-training",
  section: "4.1",
  statement: "RBM trained with CD: the pseudo-likelihood rises, then plateaus",
  report: { curve: "rises, then plateaus (figure only)" },
  scales: { quick, full },
  async run(config, ctx) {
    const { snapshot, pseudoLikelihood: pl } = await trainedRbm(config, ctx);
    const epochs = pl.length;
    const meanOf = (from: number, to: number) =>
      pl.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
    const last = meanOf(epochs - 3, epochs);
    const middle = Math.floor(epochs / 2);
    const mid = meanOf(middle - 2, middle + 1);
    const plRise = last - pl[0];
    // Each weight column is one hidden unit's filter over the 28×28 image.
    const filters = tf.tidy(() =>
      tf.transpose(tf.tensor2d(snapshot.weights, [snapshot.visible, snapshot.hidden]))
        .slice([0, 0], [config.filtersShown, -1])
    );
    const path = await saveGrid(ctx, "4.1-rbm-training", "filters", filters, {
      scaling: "each",
      columns: 10,
    });
    filters.dispose();
    return {
      metrics: {
        plFirst: pl[0],
        plLast: last,
        plRise,
        lateGainShare: (last - mid) / plRise,
      },
      curves: { pseudoLikelihood: pl },
      images: { filters: path },
    };
  },
});
