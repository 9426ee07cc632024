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
 * its own random streams; TF.js' seed 2 ran after the full record, with its config):
 *
 * | best row (lag 50, 100 units, v 50, 5 folds)      | TF.js            | PyTorch 1.13    |
 * | ------------------------------------------------ | ---------------- | --------------- |
 * | last-fold (the suite's)                          | 3857, 4168, 1736 | 275, 3295, 2105 |
 * | retrain-all (fresh model, 950 windows, no folds) | 24873 (seed 0)   | 4140, 3799      |
 *
 * | reading (lag 2, 20 units, v 100, 4 folds) | TF.js          | PyTorch 1.13 (seeds 0–4)         |
 * | ----------------------------------------- | -------------- | -------------------------------- |
 * | last-fold                                 | 5020, 5896     | 6891, 4361, 84404, 4803, 6227    |
 * | retrain-all                               | 90210 (seed 0) | 5680, 98577, 143693, 3997, 4216* |
 * | early-stop (patience 10, best weights)    |                | all five 89531–146021*           |
 *
 * (* an earlier twin that trained both of torch's LSTM biases; it gave the best row 1254 and
 * 1427 last-fold, 4689, 2583, 3862 retrained. Keras has one bias per gate: the twin now
 * freezes torch's second one, `crosscheck_test.ts` pins it.)
 *
 * Eight seeds each (issue 15 asked for at least five; TF.js seeds 0–1 from the full record,
 * 2 from an earlier reading run, 3–7 and lag 2's 2–7 from `santafe_readings.ts` with the current
 * kernels; PyTorch 0–7 from `santafe_torch.py` on one machine; the lines, predictions included,
 * in `crosscheck/measurements/2.2.2-tfjs.jsonl` and `2.2.2-pytorch.jsonl`, the latter also in the
 * full record's `peer`), last-fold reading:
 *
 * | row                              | TF.js, seeds 0–7                                  | PyTorch 1.13, seeds 0–7                                      |
 * | -------------------------------- | ------------------------------------------------- | ------------------------------------------------------------ |
 * | best (lag 50, 100 units, v50 f5) | 3857 4168 1736 4015 4217 4048 1580 5405: med 4032 | 5315 1856 4566 60483 56695 76888 10263 1994: median 7789     |
 * | lag 2, 20 units, v100 f4         | 5020 5896 4122 5937 5898 4069 5502 3811: med 5261 | 6891 4361 84404 4803 6227 80525 5686 31578: median 6559      |
 *
 * Both frameworks miss the report: the best row's median is 12× (TF.js) and 23× (PyTorch) its
 * 343, no run of sixteen comes below it, and lag 2 is not twice as bad (log10 of the medians'
 * ratio +0.12 TF.js, −0.07 PyTorch; band ≥ 0.3). The three-seed twin that held the band (0.51)
 * ran on another machine: there its best-row seeds 0–2 gave 275, 3295, 2105, here 5315, 1856,
 * 4566 (lag 2's seeds 0–4 came back to the bit); a float-level difference of the BLAS in a
 * 100-unit LSTM grows through 750 epochs and a chaotic closed loop. The two loops fail differently: the first six predicted values
 * are alike in both (73, 180, 121, 36, 15, 11 for seeds 3–5), then TF.js's loop keeps
 * oscillating out of phase with the series (MSE ~4000 in five of eight seeds), while PyTorch's
 * tracks it (1856, 1994) or collapses to a constant below zero (−438 and −284 for seeds 3
 * and 4; MSE 10⁴–10⁵ in four of eight). The one-step fit is alike (validation MSE 0.0007–0.0028
 * z² TF.js, 0.0008–0.0010 PyTorch, seeds 3–5). No defect is found in the suite; the verdict
 * "not reproduced" rests on both frameworks. Retraining on all windows does not help in either
 * framework. A closed loop can run away (MSE 10⁴–10⁵, the prediction leaving the series' range):
 * lag 2 in 3 of 8 PyTorch last-fold runs, in TF.js' retrain-all seed 0 and in 1 of its 3 quick
 * seeds; the best row in TF.js' retrain-all seed 0.
 * These full-scale TF.js figures were measured while the output layer still started from
 * tfjs-layers' default (a truncated normal, 0.88 of Glorot's spread; now Glorot uniform, as Keras
 * and the twin): the full record is to be run again with the current code.
 * At quick scale over 10 seeds both frameworks agree the ordering does not reproduce (log10
 * lag-2 over lag-50 median: TF.js 0.25, 0.165 with the old output-layer start; PyTorch 0.242;
 * band ≥ 0.3); three seeds could not tell (the twin's lag-2 median was a runaway, and with the
 * new start TF.js's seeds 0–2 alone give 1.31), so the quick scale runs ten.
 *
 * @module
 */
import { type Band, defineClaim, type ScaleSetup } from "../claim.ts";
import { runGrid, type SantaFeGridConfig, summarizeGrid } from "./_santafe_grid.ts";
import { QUICK_SEEDS } from "./_santafe.ts";

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
  // Ten seeds, as the twin's: the closed loop is chaotic, so three seeds' medians turned with
  // any change of the starting weights (seeds 0–2 alone give 1.31 here, 0.09 before the dense
  // layer's Glorot-uniform start).
  seeds: QUICK_SEEDS,
  expect: "not-reproduced",
  reason: "At quick scale (8 epochs, one fold, 20 units) the LSTM predicts one step well but " +
    "its 100-step closed loop stays near the mean predictor (3100) at both lags over 10 seeds: " +
    "lag 50 median 3629 (1817–7594), lag 2 median 6448, not twice as bad (log10 ratio 0.25; " +
    "the PyTorch twin 0.24)",
  bands: [lagOrdering],
  guards: [
    {
      metric: "mse lag50-h20-v50-f1",
      min: 2000,
      max: 5500,
      why: "the quick lag-50 LSTM stays near the mean predictor (3100): mean of 10 seeds 3989",
    },
    {
      metric: "valMse lag50-h20-v50-f1",
      max: 0.05,
      why: "one step ahead it has learned the series: validation MSE 0.005–0.032 (z units)",
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
  seeds: [0, 1, 2, 3, 4], // a seed: 36 min of one core alone, longer when the cores are shared
  expect: "not-reproduced",
  reason: "Over 5 seeds the report's best row (lag 50, 100 units, validation 50, 5 folds: 343) " +
    "gave a median test MSE of 4153 (2160–36116), above the mean predictor (3100); lag 2's " +
    "median 5931 is 1.46 times the best lag-50 row's (4069), not twice (log10 ratio 0.164); " +
    "single seeds reach the report's range (lag 100 with 20 units: 193; lag 20 with 60 units: " +
    "302), but no row's median is below 2234",
  bands: [lagOrdering],
  guards: [
    {
      metric: "shortOverBestLag",
      min: 0,
      why: "lag 2 is still worse than lag 50: measured log10 ratio 0.164 over 5 seeds (1.46×)",
    },
    {
      metric: "medianMse lag50-h100-v50-f5",
      min: 1000,
      why: "the report's best row stays far above its 343: median 4153 over 5 seeds (2160–36116)",
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
