/**
 * The Santa Fe experiment shared by 2.2.1, 2.2.2 and 2.2.3: z-score with the training mean and
 * population std, windows of `lag` values, expanding-window time-series cross-validation with
 * `valSize` windows per fold and a gap of `lag` windows, one model trained fold after fold, then
 * a closed-loop prediction of the 100 test values from the last training window, scored by MSE
 * in the series' original units.
 *
 * Course-facts leave open which model predicts the test; here it is the model after the last
 * fold, trained through the folds as a Keras loop around `model.fit` over
 * `TimeSeriesSplit.split` does. That makes the report's validation size and fold count matter to
 * the test MSE, as its tables show they do.
 *
 * Each (model, row, seed) trains under its own seed, so a row's result does not depend on which
 * rows run before it, and results are kept for the process: 2.2.3 reuses the runs of 2.2.1 and
 * 2.2.2 when they ran first with the same settings.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { withSeed } from "../../backend/mod.ts";
import { fitZScore, loadSantaFe, type SeriesWindows, slidingWindows } from "../../data/mod.ts";
import { buildSantaFeLstm, buildSantaFeMlp } from "../../models/mod.ts";
import { closedLoopPredict, crossValidateSeries, fit } from "../../training/mod.ts";
import type { RunContext } from "../claim.ts";

/**
 * The quick Santa Fe claims' seeds, the twins' ten: the 100-step closed loop is chaotic, and the
 * median of three seeds turned with any change of the starting weights.
 */
export const QUICK_SEEDS: readonly number[] = Array.from({ length: 10 }, (_, seed) => seed);

/** One row of the report's grids. */
export interface SantaFeRow {
  /** Window length. */
  lag: number;
  /** Hidden units (MLP) or LSTM units. */
  hidden: number;
  /** Validation windows per fold. */
  valSize: number;
  /** Cross-validation folds. */
  folds: number;
}

/**
 * Which model predicts the test, one reading of the course setup: `last-fold` (the suite's) is
 * one model trained fold after fold, the model after the last fold predicting; `fresh-folds` a
 * fresh model per fold, the last one predicting; `early-stop` as `last-fold` with each fold
 * stopped early on its validation loss (best weights restored); `retrain-all` the folds only
 * validate, a fresh model trained on every window for the same epochs predicts.
 */
export const SANTAFE_READINGS = ["last-fold", "fresh-folds", "early-stop", "retrain-all"] as const;

/** A reading of the course setup, see {@linkcode SANTAFE_READINGS}. */
export type SantaFeReading = typeof SANTAFE_READINGS[number];

/** How a model of one grid trains. */
export interface SantaFeTraining {
  /** Epochs per fold. */
  epochs: number;
  /** Mini-batch size (Keras default 32). */
  batchSize: number;
  /** Adam step size. */
  learningRate: number;
  /** Values predicted in closed loop (the test series: 100). */
  testSteps: number;
  /** Which model predicts the test (the claims' configs leave it at `last-fold`). */
  reading?: SantaFeReading;
  /** Patience of the `early-stop` reading, in epochs. @default 10 */
  patience?: number;
  /**
   * `retrain-all` without the folds, which only validate there: the same model predicts at a
   * fifth of the cost, with no validation MSE. @default false
   */
  skipFolds?: boolean;
}

/** What one row measured for one seed. */
export interface SantaFeRowResult {
  /** Closed-loop test MSE in original units. */
  testMse: number;
  /** Validation MSE per fold, normalised units. */
  foldValMse: number[];
  /** Closed-loop predictions, original units. */
  prediction: number[];
  /** Per-epoch loss and val_loss over the folds. */
  curves: Record<string, number[]>;
  /** Training wall time. */
  seconds: number;
}

/** A row as text, e.g. `lag50-h100-v50-f5`, for metric names. */
export function rowName({ lag, hidden, valSize, folds }: SantaFeRow): string {
  return `lag${lag}-h${hidden}-v${valSize}-f${folds}`;
}

const cache = new Map<string, Promise<SantaFeRowResult>>();

/**
 * Train one row of a grid for one seed (or return the result kept from an earlier call).
 *
 * @param kind `mlp` or `lstm`.
 * @param row Lag, units, validation size, folds.
 * @param training Epochs, batch size, learning rate, test steps.
 * @param ctx The run's seed, backend, progress callback and budget.
 * @returns Test MSE, fold validation MSEs, predictions and curves.
 */
export function santaFeRow(
  kind: "mlp" | "lstm",
  row: SantaFeRow,
  training: SantaFeTraining,
  ctx: RunContext,
): Promise<SantaFeRowResult> {
  const { epochs, batchSize, learningRate, testSteps } = training;
  const { lag, hidden, valSize, folds } = row;
  const reading = training.reading ?? "last-fold";
  // The default reading keeps the key (and so the row's seed) it had before readings existed.
  const readingKey = reading === "last-fold"
    ? []
    : [reading, training.patience ?? 10, training.skipFolds ?? false];
  const key = JSON.stringify([
    kind,
    { lag, hidden, valSize, folds },
    { epochs, batchSize, learningRate, testSteps },
    ctx.seed,
    ctx.backend.name,
    ...readingKey,
  ]);
  let result = ctx.fresh ? undefined : cache.get(key);
  if (!result) {
    result = withSeed(rowSeed(key), () => trainRow(kind, row, training, ctx));
    result.catch(() => cache.delete(key));
    cache.set(key, result);
  }
  return result;
}

async function trainRow(
  kind: "mlp" | "lstm",
  row: SantaFeRow,
  training: SantaFeTraining,
  ctx: RunContext,
): Promise<SantaFeRowResult> {
  const { train, test } = await loadSantaFe();
  const { mean, std } = fitZScore(train);
  const z = train.map((x) => (x - mean) / std);
  const windows = slidingWindows(z, row.lag);
  const sequence = kind === "lstm";
  const build = () =>
    sequence
      ? buildSantaFeLstm(row.lag, row.hidden, { learningRate: training.learningRate })
      : buildSantaFeMlp(row.lag, row.hidden, { learningRate: training.learningRate });
  const reading = training.reading ?? "last-fold";
  const started = performance.now();
  const cv = reading === "retrain-all" && training.skipFolds
    ? { model: undefined, foldValMse: [], curves: {}, seconds: 0 }
    : await crossValidateSeries(build, windows, {
      warmStart: reading !== "fresh-folds",
      earlyStopping: reading === "early-stop" ? { patience: training.patience ?? 10 } : undefined,
      folds: row.folds,
      valSize: row.valSize,
      gap: row.lag,
      epochs: training.epochs,
      batchSize: training.batchSize,
      sequence,
      label: `${kind} ${rowName(row)}`,
      onEpoch: ctx.onEpoch,
      signal: ctx.signal,
    });
  let model = cv.model;
  if (reading === "retrain-all") {
    model?.optimizer.dispose();
    model?.dispose();
    model = await trainOnAll(build, windows, training, sequence, ctx);
  }
  if (!model) throw new Error("No model predicts the test: a reading without one is a bug");
  try {
    const predicted = await closedLoopPredict(model, z, {
      lag: row.lag,
      steps: training.testSteps,
      sequence,
    });
    const prediction = Array.from(predicted, (v) => v * std + mean);
    let sum = 0;
    for (let i = 0; i < training.testSteps; i++) sum += (prediction[i] - test[i]) ** 2;
    return {
      testMse: sum / training.testSteps,
      foldValMse: cv.foldValMse,
      prediction,
      curves: cv.curves,
      // Training wall time: the folds' (the retraining's too for retrain-all).
      seconds: reading === "retrain-all" ? (performance.now() - started) / 1000 : cv.seconds,
    };
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
}

/** A fresh model trained on every window for the grid's epochs (the `retrain-all` reading). */
async function trainOnAll(
  build: () => tf.LayersModel,
  windows: SeriesWindows,
  training: SantaFeTraining,
  sequence: boolean,
  ctx: RunContext,
): Promise<tf.LayersModel> {
  const { count, lag } = windows;
  const model = build();
  const x = sequence
    ? tf.tensor3d(windows.inputs, [count, lag, 1])
    : tf.tensor2d(windows.inputs, [count, lag]);
  const y = tf.tensor2d(windows.targets, [count, 1]);
  try {
    await fit(model, x, y, {
      epochs: training.epochs,
      batchSize: training.batchSize,
      label: "retrain on all windows",
      onEpoch: ctx.onEpoch,
      signal: ctx.signal,
    });
    return model;
  } catch (error) {
    model.optimizer.dispose();
    model.dispose();
    throw error;
  } finally {
    tf.dispose([x, y]);
  }
}

/** A non-negative 31-bit seed from a string (FNV-1a). */
function rowSeed(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1;
}

/** Median of values. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
