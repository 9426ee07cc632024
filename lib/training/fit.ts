import * as tf from "@tensorflow/tfjs";
import { BudgetExceededError, DivergedError } from "./errors.ts";

/** One line of training progress. */
export interface EpochLog {
  /** Which model or configuration of the claim is training. */
  label: string;
  /** 1-based epoch. */
  epoch: number;
  /** Epochs planned. */
  epochs: number;
  /** Named values at the end of the epoch (loss, accuracy, validation loss). */
  values: Record<string, number>;
}

/** Early stopping as in Keras: stop after `patience` epochs without improvement. */
export interface EarlyStopping {
  /** The logged value to watch. @default "val_loss" */
  monitor?: string;
  /** Epochs without improvement before stopping. */
  patience: number;
  /** Put back the weights of the best epoch when stopping. @default true */
  restoreBestWeights?: boolean;
}

/** Options of {@linkcode fit}. */
export interface FitOptions {
  epochs: number;
  batchSize: number;
  /** Names the model in progress logs. */
  label: string;
  /** Fraction of the data held out, taken from the end as Keras does. */
  validationSplit?: number;
  /** Explicit validation data; wins over `validationSplit`. */
  validationData?: [tf.Tensor, tf.Tensor];
  /** Shuffle the training data each epoch. @default true */
  shuffle?: boolean;
  earlyStopping?: EarlyStopping;
  /** Called after every epoch with the logged values. */
  onEpoch?: (log: EpochLog) => void;
  /** Aborted when the run's time budget is spent; training stops at the end of the epoch. */
  signal?: AbortSignal;
}

/** What {@linkcode fit} measured. */
export interface FitResult {
  /** Per-epoch logged values (loss, acc, val_loss, …) by name. */
  curves: Record<string, number[]>;
  /** Epochs actually run. */
  epochsRun: number;
  /** 1-based epoch whose weights the model holds at the end. */
  bestEpoch: number;
  /** True when early stopping ended training before `epochs`. */
  stoppedEarly: boolean;
  /** Wall time of training. */
  seconds: number;
}

/**
 * Train a compiled model with `model.fit`, logging each epoch and, when asked, early stopping with
 * restoration of the best weights. A loss that becomes NaN or infinite throws
 * {@linkcode DivergedError}; an aborted `signal` throws {@linkcode BudgetExceededError}.
 *
 * @param model A compiled model.
 * @param x Inputs `[n, ...]`.
 * @param y Targets `[n, ...]`.
 * @param options Epochs, batch size, validation, early stopping, progress callback.
 * @returns Curves and how training ended.
 * @example
 * ```ts
 * const result = await fit(model, x, y, { epochs: 2, batchSize: 32, label: "mlp" });
 * result.curves.loss.length; // 2
 * ```
 */
export async function fit(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitOptions,
): Promise<FitResult> {
  const curves: Record<string, number[]> = {};
  const stopping = options.earlyStopping;
  const monitor = stopping?.monitor ?? "val_loss";
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: tf.Tensor[] | undefined;
  let sinceBest = 0;
  let epochsRun = 0;
  let stoppedEarly = false;
  let divergedAt: number | undefined;
  let abortedAt: number | undefined;
  const started = performance.now();

  await model.fit(x, y, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    validationSplit: options.validationData ? undefined : options.validationSplit,
    validationData: options.validationData,
    shuffle: options.shuffle ?? true,
    verbose: 0,
    callbacks: {
      onEpochEnd: (epoch, logs = {}) => {
        epochsRun = epoch + 1;
        for (const [name, value] of Object.entries(logs)) {
          (curves[name] ??= []).push(Number(value));
        }
        options.onEpoch?.({
          label: options.label,
          epoch: epoch + 1,
          epochs: options.epochs,
          values: logs as Record<string, number>,
        });
        if (Object.values(logs).some((v) => !Number.isFinite(Number(v)))) {
          divergedAt = epoch + 1;
          model.stopTraining = true;
          return;
        }
        if (options.signal?.aborted) {
          abortedAt = epoch + 1;
          model.stopTraining = true;
          return;
        }
        if (!stopping) return;
        const current = Number(logs[monitor]);
        if (current < best) {
          best = current;
          bestEpoch = epoch + 1;
          sinceBest = 0;
          if (stopping.restoreBestWeights ?? true) {
            tf.dispose(bestWeights);
            bestWeights = model.getWeights().map((w) => w.clone());
          }
        } else if (++sinceBest >= stopping.patience) {
          stoppedEarly = true;
          model.stopTraining = true;
        }
      },
    },
  });

  if (bestWeights) {
    model.setWeights(bestWeights);
    tf.dispose(bestWeights);
  }
  if (divergedAt !== undefined) throw new DivergedError(options.label, divergedAt);
  if (abortedAt !== undefined) throw new BudgetExceededError(options.label, abortedAt);
  return {
    curves,
    epochsRun,
    bestEpoch: stopping ? bestEpoch : epochsRun,
    stoppedEarly,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Evaluate a compiled model and read its loss and metrics as numbers.
 *
 * @param model A compiled model.
 * @param x Inputs.
 * @param y Targets.
 * @param batchSize Evaluation batch. @default 512
 * @returns `loss` and each compiled metric by its name.
 * @example
 * ```ts
 * const { loss, acc } = await evaluate(model, xTest, yTest);
 * ```
 */
export async function evaluate(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  batchSize = 512,
): Promise<Record<string, number>> {
  const outputs = model.evaluate(x, y, { batchSize });
  const scalars = Array.isArray(outputs) ? outputs : [outputs];
  const values = await Promise.all(scalars.map(async (s) => (await s.data())[0]));
  tf.dispose(scalars);
  return Object.fromEntries(model.metricsNames.map((name, i) => [name, values[i]]));
}
