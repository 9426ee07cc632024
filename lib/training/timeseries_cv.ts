import * as tf from "@tensorflow/tfjs";
import { type SeriesWindows, timeSeriesSplit } from "../data/mod.ts";
import { type EarlyStopping, type EpochLog, fit } from "./fit.ts";

/** Options of {@linkcode crossValidateSeries}. */
export interface SeriesCvOptions {
  /** Number of expanding-window folds. */
  folds: number;
  /** Validation windows per fold. */
  valSize: number;
  /** Windows dropped between training and validation (the course uses the lag). */
  gap: number;
  /** Epochs per fold. */
  epochs: number;
  /** Mini-batch size. */
  batchSize: number;
  /** Feed windows as `[n, lag, 1]` (recurrent models) instead of `[n, lag]`. @default false */
  sequence?: boolean;
  /**
   * `true`: one model goes on training fold after fold, as a Keras loop over
   * `TimeSeriesSplit.split` around a single `model.fit` does; `false`: a fresh model per fold.
   * Either way the model of the last fold is returned.
   * @default true
   */
  warmStart?: boolean;
  /** Stop each fold early on its validation loss (Keras' `EarlyStopping`). @default none */
  earlyStopping?: EarlyStopping;
  /** Names the model in progress logs. */
  label: string;
  /** Called after every epoch of every fold. */
  onEpoch?: (log: EpochLog) => void;
  /** The run's time budget, passed on to {@linkcode fit}. */
  signal?: AbortSignal;
}

/**
 * What {@linkcode crossValidateSeries} measured. The caller disposes `model` and its optimizer
 * (a model does not own an optimizer passed to `compile` as an instance).
 */
export interface SeriesCvResult {
  /** The model after the last fold. */
  model: tf.LayersModel;
  /** Validation MSE (normalised units) at the end of each fold. */
  foldValMse: number[];
  /** Per-epoch `loss` and `val_loss`, folds one after the other. */
  curves: Record<string, number[]>;
  /** Wall time of all folds. */
  seconds: number;
}

/**
 * Train on a windowed series with expanding-window time-series cross-validation (scikit-learn's
 * `TimeSeriesSplit(n_splits=folds, test_size=valSize, gap)`), validating each fold on the block
 * that follows its training windows after the gap.
 *
 * @param build Builds a compiled model (called once with `warmStart`, else once per fold).
 * @param windows The training windows.
 * @param options Folds, validation size, gap, epochs, batch size, input layout.
 * @returns The last fold's model, per-fold validation MSE and curves.
 * @throws {DivergedError} or {BudgetExceededError} from {@linkcode fit}, after disposing the model.
 * @example
 * ```ts
 * const cv = await crossValidateSeries(() => buildSantaFeMlp(50, 100), slidingWindows(z, 50), {
 *   folds: 5, valSize: 50, gap: 50, epochs: 200, batchSize: 32, label: "mlp",
 * });
 * cv.model.optimizer.dispose();
 * cv.model.dispose();
 * ```
 */
export async function crossValidateSeries(
  build: () => tf.LayersModel,
  windows: SeriesWindows,
  options: SeriesCvOptions,
): Promise<SeriesCvResult> {
  const folds = timeSeriesSplit(windows.count, options);
  const { lag } = windows;
  const started = performance.now();
  const slice = (start: number, end: number): [tf.Tensor, tf.Tensor] => {
    const n = end - start;
    const x = windows.inputs.subarray(start * lag, end * lag);
    return [
      options.sequence ? tf.tensor3d(x, [n, lag, 1]) : tf.tensor2d(x, [n, lag]),
      tf.tensor2d(windows.targets.subarray(start, end), [n, 1]),
    ];
  };
  const warmStart = options.warmStart ?? true;
  let model = build();
  const foldValMse: number[] = [];
  const curves: Record<string, number[]> = {};
  for (const [k, fold] of folds.entries()) {
    if (k > 0 && !warmStart) {
      disposeWithOptimizer(model);
      model = build();
    }
    const [xTrain, yTrain] = slice(0, fold.trainEnd);
    const [xVal, yVal] = slice(fold.valStart, fold.valEnd);
    try {
      const result = await fit(model, xTrain, yTrain, {
        epochs: options.epochs,
        batchSize: options.batchSize,
        label: `${options.label} fold ${k + 1}/${folds.length}`,
        validationData: [xVal, yVal],
        earlyStopping: options.earlyStopping,
        onEpoch: options.onEpoch,
        signal: options.signal,
      });
      for (const [name, values] of Object.entries(result.curves)) {
        (curves[name] ??= []).push(...values);
      }
      foldValMse.push(result.curves.val_loss?.at(-1) ?? Number.NaN);
    } catch (error) {
      disposeWithOptimizer(model);
      throw error;
    } finally {
      tf.dispose([xTrain, yTrain, xVal, yVal]);
    }
  }
  return {
    model,
    foldValMse,
    curves,
    seconds: (performance.now() - started) / 1000,
  };
}

function disposeWithOptimizer(model: tf.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}
