/**
 * 2.2.2 — an LSTM on the Santa Fe laser series over the report's grid: lag 50 with 100 units is
 * best (test MSE 343.4), lag 2 is poor (3808).
 *
 * The report lists the row lag 100, 100 units, validation 150, 5 folds twice (452.33 and
 * 344.46): the same setup, two seeds. The grid runs it once, over several seeds.
 *
 * The LSTM is Keras' (logistic gates, forget bias one) as `FusedLstm`, which trains a lag-50
 * window about five times faster than `tf.layers.lstm` did.
 *
 * At quick scale the LSTM gets 8 epochs of one fold with 20 units: it predicts one step well
 * (validation MSE 0.004–0.031 in z units, where the series' variance is 1) but in closed loop
 * stays near the constant training-mean predictor (test MSE 3100) at both lags, so lag 2 is not
 * clearly worse; 30 epochs left it there too (lag 50: 2480–4284; lag 2: median 3973).
 *
 * Full scale is the report's training (150 epochs per fold, Adam 1e-3, batch 32), over two seeds
 * (about 70 minutes with `--jobs 2` on two cores). The report's best row does not reproduce: lag
 * 50, 100 units, validation 50, 5 folds gave 3857 and 4168, near the mean predictor; lag 2 gave
 * 5020 and 5896, 1.7 times the best lag-50 row's median (3165), not twice. One row, lag 25 with
 * 100 units, validation 150, 5 folds, reached 91 and 572 (report 621): the 100-step closed loop
 * of this chaotic series is that sensitive to the seed, as the report says.
 *
 * Which model predicts the test (issue 15). The course-facts fix the folds (an expanding
 * time-series split with `validation size` windows per fold and a gap of `lag`) and 150 epochs
 * with no early stopping; they leave open whether the test is predicted by the model after the
 * last fold or by one retrained on all windows. The report's table settles it: its test MSE
 * moves with the validation size and the fold count of a row (lag 50, 100 units: 365.94 with
 * 4 folds of 100, 343.4 with 5 folds of 50), which it would not under retraining, where the
 * folds only validate. So the suite keeps the last-fold model (`reading: "last-fold"`). The
 * other readings were measured on the best row and lag 2 (`crosscheck/santafe_readings.ts` for
 * TF.js, `crosscheck/santafe_torch.py --readings` for PyTorch; seeds 0, 1, … of each framework,
 * its own random streams):
 *
 * | reading (best row: lag 50, 100 units, v 50, 5 folds) | TF.js                 | PyTorch 1.13           |
 * | ----------------------------------------------------- | --------------------- | ---------------------- |
 * | last-fold (the suite's)                               | 3857, 4168            | 1254 (seed 0)          |
 * | retrain-all (fresh model, all 950 windows, 150 ep.)   | 24873 (seed 0)        | 4689, 2583, 3862       |
 *
 * | reading (lag 2, 20 units, v 100, 4 folds) | TF.js              | PyTorch 1.13 (seeds 0–4)             |
 * | ----------------------------------------- | ------------------ | ------------------------------------ |
 * | last-fold                                 | 5020, 5896         | 91028, 3966, 85350, 4127, 6638       |
 * | retrain-all                               | 90210 (seed 0)     | 5680, 98577, 143693, 3997, 4216      |
 * | early-stop (patience 10, best weights)    |                    | 132437, 89531, 117134, 146021, 121437 |
 *
 * No reading brings the best row near the report's 343 in either framework; the one-step fit is
 * good everywhere (validation MSE 0.0007–0.002 z² in both) while the 100-step closed loop
 * mostly drifts to the mean predictor's level (3100). A closed loop can run away (MSE near 10⁴
 * to 10⁵, the prediction leaving the series' range) in both frameworks: lag 2 in 2 of 5
 * PyTorch last-fold runs, 2 of 5 retrain-all runs and every early-stopped one, in TF.js'
 * retrain-all seed 0 and in 1 of its 3 quick seeds; the best row in TF.js' retrain-all seed 0
 * (24873). Medians over two or three seeds therefore swing past the lag-ordering band. At quick
 * scale over 10 seeds both frameworks agree the ordering does not reproduce (log10 lag-2 over
 * lag-50 median: TF.js 0.165, PyTorch 0.233; band ≥ 0.3); over the spec's 3 seeds the PyTorch
 * median of lag 2 was a runaway (78101) and the twin seemed to differ.
 *
 * @module
 */
import { type Band, defineClaim, type ScaleSetup } from "../claim.ts";
import { runGrid, type SantaFeGridConfig, summarizeGrid } from "./_santafe_grid.ts";

/** Config of 2.2.2. */
export type LstmSantaFeConfig = SantaFeGridConfig;

// Section 2.2.2, the LSTM table: lag, units, validation size, folds → test MSE.
const REPORT_ROWS = [
  { lag: 2, hidden: 20, valSize: 100, folds: 4, mse: 3808.38 },
  { lag: 20, hidden: 100, valSize: 100, folds: 4, mse: 1867.53 },
  { lag: 20, hidden: 60, valSize: 100, folds: 4, mse: 638.79 },
  { lag: 25, hidden: 100, valSize: 150, folds: 5, mse: 620.9 },
  { lag: 50, hidden: 100, valSize: 100, folds: 4, mse: 365.94 },
  { lag: 50, hidden: 100, valSize: 50, folds: 5, mse: 343.398 },
  { lag: 100, hidden: 20, valSize: 100, folds: 4, mse: 354.15 },
  { lag: 100, hidden: 100, valSize: 100, folds: 4, mse: 474.5 },
  { lag: 100, hidden: 100, valSize: 150, folds: 5, mse: 452.33 },
  { lag: 100, hidden: 20, valSize: 150, folds: 5, mse: 499.33 },
];

const lagOrdering: Band = {
  metric: "shortOverBestLag",
  min: 0.3,
  reportKey: "lag2Mse",
  why: "lag 2's median test MSE is at least twice the best lag-50 row's (report: 3808 vs 343)",
};

const quick: ScaleSetup<LstmSantaFeConfig> = {
  config: {
    rows: [
      { lag: 2, hidden: 20, valSize: 100, folds: 1 }, // the report's lag-2 row, one fold
      { lag: 50, hidden: 20, valSize: 50, folds: 1 }, // the best row's lag, 20 units, one fold
    ],
    epochs: 8, // per fold (course: 150); a lag-50 epoch costs seconds on WASM
    batchSize: 32, // Keras default, as the course
    learningRate: 0.005, // course: 1e-3; larger for the few quick epochs
    testSteps: 100,
    shortLag: 2,
    bestLag: 50,
  },
  seeds: [0, 1, 2],
  expect: "not-reproduced",
  reason: "At quick scale (8 epochs, one fold, 20 units) the LSTM predicts one step well but " +
    "its 100-step closed loop stays near the mean predictor (3100) at both lags: lag 50 " +
    "2484–4260, lag 2 median 5118, not twice as bad",
  bands: [lagOrdering],
  guards: [
    {
      metric: "mse lag50-h20-v50-f1",
      min: 2000,
      max: 5500,
      why: "the quick lag-50 LSTM stays near the mean predictor (3100): measured 2484, 4180, 4260",
    },
    {
      metric: "valMse lag50-h20-v50-f1",
      max: 0.05,
      why: "one step ahead it has learned the series: validation MSE 0.004, 0.013, 0.031 (z units)",
    },
  ],
};

const full: ScaleSetup<LstmSantaFeConfig> = {
  config: {
    rows: REPORT_ROWS.map(({ lag, hidden, valSize, folds }) => ({ lag, hidden, valSize, folds })),
    epochs: 150, // course: 150
    batchSize: 32,
    learningRate: 1e-3, // course: Adam 1e-3
    testSteps: 100,
    shortLag: 2,
    bestLag: 50,
  },
  seeds: [0, 1], // ~35 minutes of two cores per seed
  expect: "not-reproduced",
  reason: "The report's best row (lag 50, 100 units, validation 50, 5 folds: 343) gave 3857 and " +
    "4168, near the mean predictor (3100); lag 2 (5020, 5896) is 1.7 times the best lag-50 " +
    "median (3165), not twice; lag 25 with 100 units reached 91 and 572 (report 621)",
  bands: [lagOrdering],
  guards: [
    {
      metric: "shortOverBestLag",
      min: 0,
      why: "lag 2 is still worse than lag 50: measured log10 ratio 0.237 (1.7×)",
    },
    {
      metric: "medianMse lag50-h100-v50-f5",
      min: 1000,
      why: "the report's best row stays far above its 343: measured 3857, 4168",
    },
  ],
};

/** 2.2.2-lstm-santafe: lag 50 with 100 units is best, lag 2 poor. */
export const lstmSantaFeClaim = defineClaim<LstmSantaFeConfig>({
  id: "2.2.2-lstm-santafe",
  section: "2.2.2",
  statement: "An LSTM on the Santa Fe series: lag 50 with 100 units predicts the 100-step " +
    "continuation best, lag 2 poorly",
  report: {
    bestMse: 343.398,
    bestRow: "lag 50, 100 units, validation 50, 5 folds",
    lag2Mse: 3808.38,
    table: REPORT_ROWS.map((r) => `${r.lag}/${r.hidden}/${r.valSize}/${r.folds}: ${r.mse}`)
      .join("; ") + "; 100/100/150/5 listed twice: 452.33 and 344.46",
  },
  scales: { quick, full },
  run: (config, ctx) => runGrid("lstm", config, ctx),
  summarize: summarizeGrid,
});
