/**
 * 2.2.3 — the best LSTM beats the best MLP on the Santa Fe series (test MSE 343 vs 620) and
 * varies less across seeds.
 *
 * Both best rows (lag 50, 100 units, validation 50, 5 folds at full scale; the quick grids' lag-50
 * rows at quick scale) run on the same seeds; the runs are shared with 2.2.1 and 2.2.2 when they
 * ran first in the same process. "Beats" is checked on medians over seeds, as log10 of the
 * ratio (negative: the LSTM is better); "varies less" on the sample std of log10 test MSE over
 * seeds.
 *
 * At full scale (150 epochs per fold, five seeds) the LSTM's best row gave 4153 2160 5060 2269
 * and, in seed 1, 36116 (its closed loop runs away), median 4153; the MLP's 2227 2722 2990 1830
 * 93, median 2227: "better" does not hold (log10 ratio +0.27) while "varies less" does, narrowly
 * (log10 spreads 0.50 against 0.64, −0.14). An earlier two-seed run, while the dense layers still
 * started from tfjs-layers' narrower default, gave LSTM 3857 and 4168 against MLP 1299 and 734.
 * At quick scale, ten seeds, both hold by a small margin.
 *
 * The PyTorch twin (`crosscheck/santafe_torch.py`, eight seeds, all on one machine; lines in
 * `crosscheck/measurements/2.2.3-pytorch-mlp.jsonl` and 2.2.2's `2.2.2-pytorch.jsonl`) agrees on
 * "better" and not on "more robust". Its MLP gives 1655 2389 2136 4216 2313 2738 5320 2857
 * (median 2585), its LSTM 5315 1856 4566 60483 56695 76888 10263 1994 (median 7789): the LSTM
 * is 3× worse (log10 ratio +0.48 against TF.js's +0.27), and it varies more, not less (spread
 * +0.51 against −0.14), because in four of eight seeds its closed loop runs away (2.2.2's
 * investigation), as TF.js's does in one of five. The frameworks' per-seed MSEs do not differ
 * (rank-sum p 0.42 for the LSTM, 0.34 for the MLP): the spreads part within the seeds' noise, and
 * bootstrapping TF.js's five seeds puts its spread difference anywhere in [−0.61, +0.50]
 * (PyTorch's eight: [+0.30, +0.62]). So the page reads "suite and PyTorch differ" on that
 * statement, with the rank-sum line saying why it is not a defect found: more seeds would settle
 * it.
 *
 * @module
 */
import { type Band, defineClaim, type ScaleSetup, type SeedRun } from "../claim.ts";
import {
  median,
  QUICK_SEEDS,
  rowName,
  type SantaFeRow,
  santaFeRow,
  type SantaFeTraining,
} from "./_santafe.ts";
import { loadSantaFe } from "../../data/mod.ts";
import { lstmSantaFeClaim } from "./lstm_santafe.ts";
import { mlpSantaFeClaim } from "./mlp_santafe.ts";

/** Config of 2.2.3: the two best rows and how each model trains. */
export interface LstmBeatsMlpConfig {
  /** The MLP's best row. */
  mlpRow: SantaFeRow;
  /** The LSTM's best row. */
  lstmRow: SantaFeRow;
  /** MLP training (2.2.1's). */
  mlp: SantaFeTraining;
  /** LSTM training (2.2.2's). */
  lstm: SantaFeTraining;
}

function fromGrids(scale: "quick" | "full"): LstmBeatsMlpConfig {
  const mlp = mlpSantaFeClaim.scales[scale].config;
  const lstm = lstmSantaFeClaim.scales[scale].config;
  const bestOf = (rows: readonly SantaFeRow[]) =>
    rows.find((r) => r.lag === 50 && r.valSize === 50) ?? rows[rows.length - 1];
  const training = ({ epochs, batchSize, learningRate, testSteps }: SantaFeTraining) => ({
    epochs,
    batchSize,
    learningRate,
    testSteps,
  });
  return {
    mlpRow: { ...bestOf(mlp.rows) },
    lstmRow: { ...bestOf(lstm.rows) },
    mlp: training(mlp),
    lstm: training(lstm),
  };
}

const bands: Band[] = [
  {
    metric: "lstmOverMlp",
    statement: "LSTM beats MLP",
    max: 0,
    reportKey: "bestMse",
    why: "the LSTM's median test MSE is below the MLP's (report: 343 vs 620)",
  },
  {
    metric: "lstmMinusMlpSpread",
    statement: "LSTM varies less",
    max: 0,
    reportKey: "robustness",
    why: "the LSTM's log10 test MSE varies less across seeds than the MLP's",
  },
];

// Quick, over 2.2.1's and 2.2.2's ten quick seeds: the LSTM's median test MSE 3629, the MLP's
// 4136, so the LSTM is ahead by a hair (log10 ratio −0.057) and varies less (spread 0.16 against
// 0.51). Both sit near the mean predictor (3100); the PyTorch twin, over its ten seeds, has the
// MLP ahead (+0.113). Either sign is inside the seeds' noise at this scale: bootstrapping the
// seeds puts the ratio's 90 % interval at [−0.13, +0.47] in TF.js and [−0.14, +0.31] in PyTorch,
// and neither model's ten MSEs differ between the frameworks (rank-sum p 0.52 for the LSTM, 0.79
// for the MLP; the page shows these). The band holds today by that margin; a change that only
// reshuffles the random streams can flip it, and the full scale is where the ordering is judged.
const quick: ScaleSetup<LstmBeatsMlpConfig> = {
  config: fromGrids("quick"), // the quick grids' lag-50 rows and training
  seeds: QUICK_SEEDS,
  expect: "reproduced",
  bands,
  guards: [
    {
      metric: "lstmMedianMse",
      statement: "LSTM beats MLP",
      min: 2000,
      max: 5500,
      why: "the quick LSTM stays near the mean predictor (3100): median of 10 seeds 3629",
    },
    {
      metric: "mlpMedianMse",
      statement: "LSTM beats MLP",
      min: 400,
      max: 5000,
      why: "the quick MLP: median of 10 seeds 4136 (204–6048)",
    },
    {
      metric: "lstmMinusMlpSpread",
      statement: "LSTM varies less",
      max: 0,
      why: "measured −0.35: the near-constant quick LSTM varies less than the MLP",
    },
  ],
};

const full: ScaleSetup<LstmBeatsMlpConfig> = {
  config: fromGrids("full"), // lag 50, 100 units, validation 50, 5 folds for both
  seeds: [0, 1, 2, 3, 4],
  expect: "not-reproduced",
  reason: "At the report's training the best-row LSTM (median 4153 over five seeds, 2160–36116) " +
    "stays above the mean predictor (3100) while the MLP's median is 2227 (93–2990): the LSTM " +
    "is 1.9× worse (PyTorch, eight seeds: 3×), though it varies less across seeds (log10 " +
    "spread 0.50 vs 0.64; PyTorch's varies more)",
  bands,
  guards: [
    {
      metric: "lstmMedianMse",
      statement: "LSTM beats MLP",
      min: 1000,
      why: "the full LSTM's best row stays far above the report's 343: median of 5 seeds 4153 " +
        "(PyTorch's 8: 7789)",
    },
    {
      metric: "mlpMedianMse",
      statement: "LSTM beats MLP",
      max: 2000,
      why: "the full MLP's best row: measured 1299, 734 over two seeds with the old dense-layer " +
        "start (report 620); five seeds with Glorot uniform give 2227 (PyTorch's eight 2585), " +
        "outside this guard: the full run at the current init does not behave as that one did",
    },
    {
      metric: "lstmMinusMlpSpread",
      statement: "LSTM varies less",
      max: 0,
      why: "measured −0.14 over 5 seeds: the LSTM varies less across seeds, as the report says",
    },
  ],
};

/** 2.2.3-lstm-beats-mlp: the best LSTM beats the best MLP and varies less across seeds. */
export const lstmBeatsMlpClaim = defineClaim<LstmBeatsMlpConfig>({
  id: "2.2.3-lstm-beats-mlp",
  section: "2.2.3",
  statement: "The best LSTM beats the best MLP on the Santa Fe continuation and varies less " +
    "across seeds",
  report: {
    bestMse: "LSTM 343 vs MLP 620",
    robustness: "LSTM more robust across runs and folds",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const mlp = await santaFeRow("mlp", config.mlpRow, config.mlp, ctx);
    const lstm = await santaFeRow("lstm", config.lstmRow, config.lstm, ctx);
    const { test } = await loadSantaFe();
    return {
      metrics: { mlpMse: mlp.testMse, lstmMse: lstm.testMse },
      curves: {
        actual: Array.from(test.subarray(0, config.mlp.testSteps)),
        [`prediction mlp ${rowName(config.mlpRow)}`]: mlp.prediction,
        [`prediction lstm ${rowName(config.lstmRow)}`]: lstm.prediction,
        "loss mlp": mlp.curves.loss ?? [],
        "val_loss mlp": mlp.curves.val_loss ?? [],
        "loss lstm": lstm.curves.loss ?? [],
        "val_loss lstm": lstm.curves.val_loss ?? [],
      },
    };
  },
  summarize(runs: SeedRun[]): Record<string, number> {
    // Medians and spreads need two seeds or more; with one the bands fail as missing.
    if (runs.length < 2) return {};
    const mlp = runs.map((r) => r.metrics.mlpMse);
    const lstm = runs.map((r) => r.metrics.lstmMse);
    return {
      mlpMedianMse: median(mlp),
      lstmMedianMse: median(lstm),
      lstmOverMlp: Math.log10(median(lstm) / median(mlp)),
      mlpLog10Spread: logSpread(mlp),
      lstmLog10Spread: logSpread(lstm),
      lstmMinusMlpSpread: logSpread(lstm) - logSpread(mlp),
    };
  },
});

/** Sample std of log10 values; 0 for one value. */
function logSpread(values: number[]): number {
  const logs = values.map(Math.log10);
  const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
  return logs.length > 1
    ? Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1))
    : 0;
}
