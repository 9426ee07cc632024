import * as tf from "@tensorflow/tfjs";
import { BudgetExceededError, DivergedError } from "./errors.ts";
import {
  loadWeights,
  restoreOptimizer,
  type SavedOptimizer,
  type SavedWeight,
  saveOptimizer,
  saveTensors,
  saveWeights,
  tensorsOf,
} from "./model_state.ts";

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
  /**
   * Save the training after every epoch, and continue from the state a cut run saved (a
   * `trainingProgress` of lib/claims). The numbers are those of an uncut run.
   */
  checkpoint?: FitCheckpoint;
}

/** Where a {@linkcode fit} stands after an epoch: all it needs to go on as if never cut. */
export interface FitState {
  /** Epochs done. */
  epochs: number;
  /** Seconds they took, checkpoints not counted. */
  seconds: number;
  /** The training rows' order after the last epoch's shuffle, as tfjs-layers keeps it. */
  order: Float32Array;
  curves: Record<string, number[]>;
  weights: SavedWeight[];
  optimizer: SavedOptimizer;
  /** Early stopping's state: the best value so far, its epoch, its weights, epochs since. */
  best?: { value: number; epoch: number; weights?: SavedWeight[]; since: number };
}

/** The store a {@linkcode fit} saves its state to after every epoch. */
export interface FitCheckpoint {
  /** The state a cut run saved last; undefined to start afresh. */
  saved: FitState | undefined;
  /** Keep the state `state()` gives. */
  save(state: () => Promise<FitState>): Promise<void>;
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
  /** Wall time of training (with a checkpoint: of every epoch, a cut run's too). */
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
  const saved = options.checkpoint?.saved;
  const curves: Record<string, number[]> = structuredClone(saved?.curves ?? {});
  const stopping = options.earlyStopping;
  const monitor = stopping?.monitor ?? "val_loss";
  let best = saved?.best?.value ?? Infinity;
  let bestEpoch = saved?.best?.epoch ?? 0;
  let bestWeights = saved?.best?.weights && tensorsOf(saved.best.weights);
  let sinceBest = saved?.best?.since ?? 0;
  let epochsRun = saved?.epochs ?? 0;
  let stoppedEarly = false;
  let divergedAt: number | undefined;
  let abortedAt: number | undefined;
  let seconds = saved?.seconds ?? 0;
  if (saved) {
    loadWeights(model, saved.weights);
    await restoreOptimizer(model.optimizer, saved.optimizer);
  }

  const args: tf.ModelFitArgs = {
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
  };
  const timed = async (xs: tf.Tensor, ys: tf.Tensor, fitArgs: tf.ModelFitArgs) => {
    const started = performance.now();
    await model.fit(xs, ys, fitArgs);
    seconds += (performance.now() - started) / 1000;
  };
  if (!options.checkpoint) {
    await timed(x, y, args);
  } else {
    await fitByEpochs(model, x, y, options, args, {
      epochsRun: () => epochsRun,
      order: saved?.order,
      save: (order) =>
        options.checkpoint!.save(async () => ({
          epochs: epochsRun,
          seconds,
          order,
          curves,
          weights: await saveWeights(model),
          optimizer: await saveOptimizer(model.optimizer),
          best: stopping && {
            value: best,
            epoch: bestEpoch,
            weights: bestWeights && await saveTensors(bestWeights),
            since: sinceBest,
          },
        })),
      timed,
    });
  }

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
    seconds,
  };
}

/**
 * `model.fit` one epoch a call, saving after each, with the steps of one call over all epochs:
 * tfjs-layers splits off the validation rows once and shuffles one index array in place every
 * epoch, so this keeps that array (in the checkpoint too), shuffles it with the same
 * `tf.util.shuffle`, and hands each epoch's rows over in that order, unshuffled.
 */
async function fitByEpochs(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  options: FitOptions,
  args: tf.ModelFitArgs,
  loop: {
    epochsRun: () => number;
    order?: Float32Array;
    save: (order: Float32Array) => Promise<void>;
    timed: (x: tf.Tensor, y: tf.Tensor, args: tf.ModelFitArgs) => Promise<void>;
  },
): Promise<void> {
  const n = x.shape[0];
  const split = !options.validationData && options.validationSplit && options.validationSplit > 0 &&
      options.validationSplit < 1
    ? Math.floor(n * (1 - options.validationSplit))
    : n;
  const [xTrain, yTrain] = split < n ? [x.slice(0, split), y.slice(0, split)] : [x, y];
  const validationData = options.validationData ??
    (split < n ? [x.slice(split), y.slice(split)] as [tf.Tensor, tf.Tensor] : undefined);
  const order = loop.order ? Array.from(loop.order) : Array.from({ length: split }, (_, i) => i);
  try {
    while (loop.epochsRun() < options.epochs) {
      if (args.shuffle) tf.util.shuffle(order);
      const index = tf.tensor1d(order, "int32");
      const [xEpoch, yEpoch] = [tf.gather(xTrain, index), tf.gather(yTrain, index)];
      index.dispose();
      try {
        const epoch = loop.epochsRun();
        await loop.timed(xEpoch, yEpoch, {
          ...args,
          validationSplit: undefined,
          validationData,
          shuffle: false,
          initialEpoch: epoch,
          epochs: epoch + 1,
        });
      } finally {
        tf.dispose([xEpoch, yEpoch]);
      }
      if (model.stopTraining) break;
      await loop.save(Float32Array.from(order));
    }
  } finally {
    if (split < n) tf.dispose([xTrain, yTrain]);
    if (!options.validationData && validationData) tf.dispose(validationData);
  }
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
