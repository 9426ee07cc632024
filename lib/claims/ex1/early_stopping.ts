/**
 * 1.4.4 — early stopping with patience 10 on the validation loss ends the personal regression's
 * training well before its 200-epoch limit (report: at epoch 52).
 *
 * @module
 */
import { type Band, defineClaim, type ScaleSetup } from "../claim.ts";
import { median, personalRegression, type RegressionConfig } from "./_regression.ts";
import { REGRESSION_SETUP } from "./personal_regression.ts";

// Measured stopping epochs over 8 seeds (full scale): 15, 32, 43, 47, 52, 56, 67, 68; seeds 0–2
// after a change of the wasm training kernels: 67, 15, 74.
const BANDS: Band[] = [
  {
    metric: "stoppedEarly",
    min: 1,
    max: 1,
    reportKey: "epochs",
    why: "every seed stops before the 200-epoch limit",
  },
  {
    metric: "latestStoppedEpoch",
    max: 100,
    reportKey: "epochs",
    why: "well before the limit: even the latest seed stops by half of it (measured 68)",
  },
  {
    metric: "medianStoppedEpoch",
    min: 30,
    max: 80,
    reportKey: "stoppedEpoch",
    why: "report 52; measured median 49.5 over 8 seeds, middle half 43–56",
  },
  {
    metric: "stopMinusBest",
    min: 10,
    max: 10,
    why: "Keras' rule: training stops exactly `patience` epochs after the best epoch",
  },
];

const quick: ScaleSetup<RegressionConfig> = {
  config: REGRESSION_SETUP,
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands: BANDS,
};

const full: ScaleSetup<RegressionConfig> = {
  config: REGRESSION_SETUP,
  seeds: [0, 1, 2, 3, 4, 5, 6, 7],
  expect: "reproduced",
  bands: BANDS,
};

/** 1.4.4-early-stopping: the epoch at which early stopping ends training. */
export const earlyStoppingClaim = defineClaim<RegressionConfig>({
  id: "1.4.4-early-stopping",
  section: "1.4.4",
  statement:
    "Early stopping (patience 10 on the validation loss, best weights restored) ends training well before the 200-epoch limit",
  report: { stoppedEpoch: 52, epochs: 200 },
  scales: { quick, full },
  async run(config, ctx) {
    const run = await personalRegression(config, ctx.seed, {
      backend: ctx.backend.name,
      onEpoch: ctx.onEpoch,
      signal: ctx.signal,
      fresh: ctx.fresh,
    });
    return {
      metrics: {
        stoppedEpoch: run.stoppedEpoch,
        bestEpoch: run.bestEpoch,
        // Keras stops `patience` epochs after the best one unless the limit comes first.
        stopMinusBest: run.stoppedEpoch - run.bestEpoch,
        stoppedEarly: Number(run.stoppedEpoch < config.epochs),
      },
      curves: { val_loss: run.curves.val_loss },
    };
  },
  summarize(runs) {
    const stops = runs.map((r) => r.metrics.stoppedEpoch);
    return { medianStoppedEpoch: median(stops), latestStoppedEpoch: Math.max(...stops) };
  },
});
