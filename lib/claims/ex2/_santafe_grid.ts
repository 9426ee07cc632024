/**
 * A Santa Fe grid claim's shared parts: its config, the run over the rows for one seed, and the
 * cross-seed statistics (median, spread of log10 MSE, lag ordering) its bands check.
 *
 * @module
 */
import { loadSantaFe } from "../../data/mod.ts";
import type { RunContext, SeedRun } from "../claim.ts";
import { median, rowName, type SantaFeRow, santaFeRow, type SantaFeTraining } from "./_santafe.ts";

/** Config of a grid claim (2.2.1, 2.2.2). */
export interface SantaFeGridConfig extends SantaFeTraining {
  /** The grid's rows: lag, units, validation size, folds. */
  rows: SantaFeRow[];
  /** The short lag the report finds poor (2). */
  shortLag: number;
  /** The lag the report finds best (50). */
  bestLag: number;
}

/**
 * Train every row for one seed.
 *
 * @param kind `mlp` or `lstm`.
 * @param config The grid.
 * @param ctx The run context.
 * @returns Per-row test MSE and fold validation MSE, predictions, the actual series and the
 *   MSE of the constant training-mean predictor for reference.
 */
export async function runGrid(
  kind: "mlp" | "lstm",
  config: SantaFeGridConfig,
  ctx: RunContext,
): Promise<SeedRun> {
  const metrics: Record<string, number> = {};
  const curves: Record<string, number[]> = {};
  const table: Array<Record<string, number | string>> = [];
  for (const row of config.rows) {
    const result = await santaFeRow(kind, row, config, ctx);
    const name = rowName(row);
    metrics[`mse ${name}`] = result.testMse;
    metrics[`valMse ${name}`] = result.foldValMse.reduce((a, b) => a + b, 0) /
      result.foldValMse.length;
    curves[`prediction ${name}`] = result.prediction;
    table.push({ ...row, testMse: result.testMse, seconds: result.seconds });
  }
  const { train, test } = await loadSantaFe();
  curves.actual = Array.from(test.subarray(0, config.testSteps));
  // Reference: the MSE of predicting the training mean at every step (3100 on the real data).
  const trainMean = train.reduce((a, b) => a + b, 0) / train.length;
  metrics.meanPredictorMse = curves.actual.reduce((a, b) => a + (b - trainMean) ** 2, 0) /
    config.testSteps;
  return { metrics, curves, tables: { grid: table } };
}

/**
 * Cross-seed statistics of a grid: per row the median test MSE and the spread (sample std) of
 * log10 MSE; the best row's median; log10 of the short lag's best median over the best lag's;
 * log10 of the best median over the constant training-mean predictor's MSE (negative: better).
 *
 * @param runs One run per seed.
 * @param config The grid.
 * @returns The statistics by name; none for fewer than two seeds.
 */
export function summarizeGrid(runs: SeedRun[], config: SantaFeGridConfig): Record<string, number> {
  // A median or spread of one seed says nothing across seeds; its bands then fail as missing.
  if (runs.length < 2) return {};
  const out: Record<string, number> = {};
  const medians = config.rows.map((row) => {
    const values = runs.map((r) => r.metrics[`mse ${rowName(row)}`]);
    const logs = values.map(Math.log10);
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const spread = logs.length > 1
      ? Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (logs.length - 1))
      : 0;
    out[`medianMse ${rowName(row)}`] = median(values);
    out[`log10Spread ${rowName(row)}`] = spread;
    return median(values);
  });
  const bestOf = (lag: number) =>
    Math.min(...config.rows.map((r, i) => (r.lag === lag ? medians[i] : Infinity)));
  const best = medians.indexOf(Math.min(...medians));
  out.bestMedianMse = medians[best];
  out.bestRowLag = config.rows[best].lag;
  out.bestRowLog10Spread = out[`log10Spread ${rowName(config.rows[best])}`];
  out.shortOverBestLag = Math.log10(bestOf(config.shortLag) / bestOf(config.bestLag));
  out.bestOverMeanPredictor = Math.log10(medians[best] / runs[0].metrics.meanPredictorMse);
  return out;
}
