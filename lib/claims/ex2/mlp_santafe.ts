/**
 * 2.2.1 — a one-hidden-layer MLP on the Santa Fe laser series, over the report's grid of lag,
 * hidden units, validation size and folds: lag 50 with 100 neurons is best (test MSE 620.25),
 * lag 2 is poor (3139).
 *
 * The report warns that results depend strongly on the seed, so every row runs over several
 * seeds and the bands check medians: the short lag's best median over the best lag's (as log10,
 * so a factor of 2 is 0.3), and at full scale the best row. Setup in `_santafe.ts`.
 *
 * Full scale, 3 seeds (before the layers started from Glorot uniform; to be run again), median
 * test MSE (report in brackets): lag 2/20/100/4 4167 (3139);
 * 20/100/100/4 2392 (4223); 50/100/100/4 4244 (4400); 50/100/150/5 724 (2681);
 * 50/100/50/5 734 (620.25); 100/20/100/4 2152 (3383); 100/100/100/4 2720 (3018);
 * 100/100/150/5 2257 (854). As in the report, the lag-50, 5-fold rows are best and lag 2 is
 * poor; single rows spread by a factor up to 5 across seeds (log10 std up to 0.70), so the
 * report's single runs of the other rows sit within the seeds' range or near it. The constant
 * training-mean predictor scores 3100.
 *
 * The best row's band rests on seeds 0–2 (1299, 734, 478). Seeds 3–5 of the same row and config
 * (`crosscheck/santafe_readings.ts --kind mlp`, wasm, issue 15) gave 4879, 5275 and 5474: over
 * six seeds the median is 3089, outside [310, 1240]. The PyTorch twin gave 1655, 2389, 2136,
 * 4216, 2313 (seeds 0–4, median 2313). The full grid has not been re-run over more seeds.
 *
 * @module
 */
import { type Band, defineClaim, type ScaleSetup } from "../claim.ts";
import { runGrid, type SantaFeGridConfig, summarizeGrid } from "./_santafe_grid.ts";
import { QUICK_SEEDS } from "./_santafe.ts";

/** Config of 2.2.1. */
export type MlpSantaFeConfig = SantaFeGridConfig;

// Section 2.2.1, the MLP table: lag, neurons, validation size, folds → test MSE.
const REPORT_ROWS = [
  { lag: 2, hidden: 20, valSize: 100, folds: 4, mse: 3139.49 },
  { lag: 20, hidden: 100, valSize: 100, folds: 4, mse: 4223.14 },
  { lag: 50, hidden: 100, valSize: 100, folds: 4, mse: 4400.48 },
  { lag: 50, hidden: 100, valSize: 150, folds: 5, mse: 2681.01 },
  { lag: 50, hidden: 100, valSize: 50, folds: 5, mse: 620.25 },
  { lag: 100, hidden: 20, valSize: 100, folds: 4, mse: 3383.46 },
  { lag: 100, hidden: 100, valSize: 100, folds: 4, mse: 3017.782 },
  { lag: 100, hidden: 100, valSize: 150, folds: 5, mse: 854.34 },
];

const lagOrdering: Band = {
  metric: "shortOverBestLag",
  min: 0.3,
  reportKey: "lag2Mse",
  why: "lag 2's median test MSE is at least twice the best lag-50 row's (report: 3139 vs 620); " +
    "measured 0.57 quick (10 seeds), 0.76 full",
};

const quick: ScaleSetup<MlpSantaFeConfig> = {
  config: {
    rows: [
      { lag: 2, hidden: 20, valSize: 100, folds: 1 }, // the report's lag-2 row, one fold
      { lag: 50, hidden: 100, valSize: 50, folds: 1 }, // the report's best row, one fold
    ],
    epochs: 60, // per fold (course: 200); 60 keeps the quick tier short
    batchSize: 32, // Keras default, as the course
    learningRate: 0.01, // course: Adam 0.01
    testSteps: 100, // the whole test series
    shortLag: 2,
    bestLag: 50,
  },
  // Ten seeds, as the twin's: the closed loop is chaotic, so three seeds' medians turned with
  // any change of the starting weights. Over 10: lag 2 median 15,234, lag 50 median 4,136.
  seeds: QUICK_SEEDS,
  expect: "reproduced",
  bands: [lagOrdering],
};

const full: ScaleSetup<MlpSantaFeConfig> = {
  config: {
    rows: REPORT_ROWS.map(({ lag, hidden, valSize, folds }) => ({ lag, hidden, valSize, folds })),
    epochs: 200, // course: 200
    batchSize: 32,
    learningRate: 0.01,
    testSteps: 100,
    shortLag: 2,
    bestLag: 50,
  },
  seeds: [0, 1, 2, 3, 4],
  expect: "reproduced",
  bands: [
    lagOrdering,
    {
      metric: "medianMse lag50-h100-v50-f5",
      min: 310,
      max: 1240,
      reportKey: "bestMse",
      why: "the report's best row at 620.25 ×/÷ 2: over 3 seeds its test MSE was 478, 734 and " +
        "1299 (log10 spread 0.22, a factor 1.65), so one report run can sit anywhere in that range",
    },
  ],
};

/** 2.2.1-mlp-santafe: lag 50 with 100 neurons is best, lag 2 poor. */
export const mlpSantaFeClaim = defineClaim<MlpSantaFeConfig>({
  id: "2.2.1-mlp-santafe",
  section: "2.2.1",
  statement: "An MLP with one hidden layer on the Santa Fe series: lag 50 with 100 neurons " +
    "predicts the 100-step continuation best, lag 2 poorly",
  report: {
    bestMse: 620.25,
    bestRow: "lag 50, 100 neurons, validation 50, 5 folds",
    lag2Mse: 3139.49,
    table: REPORT_ROWS.map((r) => `${r.lag}/${r.hidden}/${r.valSize}/${r.folds}: ${r.mse}`)
      .join("; "),
  },
  scales: { quick, full },
  run: (config, ctx) => runGrid("mlp", config, ctx),
  summarize: summarizeGrid,
});
