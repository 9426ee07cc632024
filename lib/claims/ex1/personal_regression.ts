/**
 * 1.4 — the report's six-layer network on Tnew of r1032166 (d = 6, 6, 3, 2, 1) reaches a test MSE
 * of 0.00435 on 1000 held-out points.
 *
 * @module
 */
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  CONVERGED_VAL_MSE,
  median,
  personalRegression,
  type RegressionConfig,
} from "./_regression.ts";

/** The report's setup (sections 1.4.2–1.4.4); both scales train it in full. */
export const REGRESSION_SETUP: Readonly<RegressionConfig> = Object.freeze({
  trainPoints: 2000, // report 1.4.2
  testPoints: 1000, // course: the next 1000 points of the permutation
  validationSplit: 0.2, // report: 400 of the 2000 training points
  epochs: 200, // report 1.4.4
  batchSize: 32, // Keras' default; the report names none
  lr: 0.01, // report 1.4.2
  patience: 10, // report 1.4.4
});

// Measured test MSE of converged seeds: 0.0028, 0.0035, 0.0041, 0.0042, 0.0048, 0.0064 and
// 0.0117 (8 full-scale seeds; the eighth stalled at 0.199, its ReLUs dead after a few epochs),
// then 0.0017 and 0.0023 for seeds 2 and 0 after a change of the wasm training kernels moved the
// float32 rounding. Median of all converged runs 0.0041 against the report's 0.00435.
const MEDIAN_BAND = {
  metric: "medianTestMse",
  min: 0.0015,
  max: 0.008,
  reportKey: "testMse",
  why: "report 0.00435; converged seeds measured 0.0017–0.0117, median 0.0041",
};

const STALLS_GUARD = {
  metric: "converged",
  min: 0.5,
  why: "a stalled seed (best validation MSE ≥ 0.05) is rare: 1 of 8 measured",
};

const quick: ScaleSetup<RegressionConfig> = {
  config: REGRESSION_SETUP,
  seeds: [0, 1, 2], // seed 1 is the stalled one: the median still passes
  expect: "reproduced",
  bands: [MEDIAN_BAND],
  guards: [STALLS_GUARD],
};

const full: ScaleSetup<RegressionConfig> = {
  config: REGRESSION_SETUP,
  seeds: [0, 1, 2, 3, 4, 5, 6, 7],
  expect: "reproduced",
  bands: [MEDIAN_BAND],
  guards: [STALLS_GUARD],
};

/** 1.4-personal-regression: test MSE of the six-layer net on Tnew. */
export const personalRegressionClaim = defineClaim<RegressionConfig>({
  id: "1.4-personal-regression",
  section: "1.4.3",
  statement:
    "The six-layer network (100 relu, 100 tanh, 100 relu, 50 relu, 50 tanh, 50 relu) trained with Adam 0.01 on 2000 points of Tnew for r1032166 reaches test MSE 0.00435",
  report: { testMse: 0.00435, d: "6, 6, 3, 2, 1" },
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
        testMse: run.testMse,
        bestValMse: run.bestValMse,
        stoppedEpoch: run.stoppedEpoch,
        converged: Number(run.bestValMse < CONVERGED_VAL_MSE),
      },
      curves: run.curves,
    };
  },
  summarize(runs) {
    return { medianTestMse: median(runs.map((r) => r.metrics.testMse)) };
  },
});
