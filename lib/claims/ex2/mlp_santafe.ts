/**
 * 2.2.1 — a one-hidden-layer MLP on the Santa Fe laser series, over the report's grid of lag,
 * hidden units, validation size and folds: lag 50 with 100 neurons is best (test MSE 620.25),
 * lag 2 is poor (3139).
 *
 * The report warns that results depend strongly on the seed, so every row runs over several
 * seeds and the bands check medians: the short lag's best median over the best lag's (as log10,
 * so a factor of 2 is 0.3), and at full scale the best row. Setup in `_santafe.ts`.
 *
 * Full scale, five seeds (2026-12-02), median test MSE over seeds 0–4 (report in brackets):
 * lag 2/20/100/4 3609 (3139); 20/100/100/4 3465 (4223); 50/100/100/4 2323 (4400);
 * 50/100/150/5 2558 (2681); 50/100/50/5 2227 (620.25); 100/20/100/4 2488 (3383);
 * 100/100/100/4 2306 (3018); 100/100/150/5 2740 (854). The constant training-mean predictor
 * scores 3100. Single rows spread by a factor up to 30 across seeds (the best row: 93–2990), so
 * no row stands out and the report's 620 is one draw from such a spread, not a row's typical
 * value. The PyTorch twin (`crosscheck/santafe_torch.py`, seeds 0–4) agrees on the best row
 * (median 2313, 1655–4216); its lag-2 median (6553) is further above its best lag-50 row's
 * (50/100/100/4, 527, from seeds 112–3493), which passes the lag ordering there: per seed no
 * row's test MSE differs between the frameworks (rank-sum; one row's validation MSE does, p =
 * 0.02), so the two verdicts on the ordering part within seed noise.
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
    "measured 0.57 quick (10 seeds), 0.21 full (5 seeds)",
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
  expect: "not-reproduced",
  reason: "The report's best row (lag 50, 100 neurons, validation 50, 5 folds) has a median " +
    "test MSE of 2227 over five seeds (93–2990), not 620 (PyTorch: 2313, 1655–4216); every " +
    "row's median lies between 2227 and 3609, near the mean predictor's 3100, so lag 2 is only " +
    "1.6× the best lag-50 row, not the report's 5×",
  bands: [
    lagOrdering,
    {
      metric: "medianMse lag50-h100-v50-f5",
      min: 310,
      max: 1240,
      reportKey: "bestMse",
      why: "the report's best row at 620.25 ×/÷ 2, a band for its median over seeds: one run of " +
        "it spreads further (93–2990 over five seeds)",
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
