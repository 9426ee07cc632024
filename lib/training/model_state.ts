import * as tf from "@tensorflow/tfjs";
import { FusedAdam, type FusedAdamState } from "../optimizers/mod.ts";

/** One weight of a model as a plain array. */
export interface SavedWeight {
  shape: number[];
  values: Float32Array;
}

/**
 * A model's weights (trainable and not: batch-norm statistics too) as plain arrays, for a
 * training checkpoint or to rebuild the model elsewhere.
 *
 * @param model A built model.
 * @returns Its weights in `getWeights()` order.
 * @example
 * ```ts
 * const saved = await saveWeights(model);
 * loadWeights(sameArchitecture, saved);
 * ```
 */
export function saveWeights(model: tf.LayersModel): Promise<SavedWeight[]> {
  return saveTensors(model.getWeights());
}

/**
 * Tensors as plain arrays, for a checkpoint (weights kept aside, such as early stopping's best).
 *
 * @param tensors The tensors; not disposed.
 * @returns Their shapes and float32 values.
 * @example
 * ```ts
 * const saved = await saveTensors(bestWeights);
 * ```
 */
export function saveTensors(tensors: readonly tf.Tensor[]): Promise<SavedWeight[]> {
  return Promise.all(tensors.map(async (w) => ({
    shape: w.shape,
    values: Float32Array.from(await w.data()),
  })));
}

/**
 * Tensors from {@linkcode saveTensors}; the caller disposes them.
 *
 * @param saved Shapes and values.
 * @returns One tensor each.
 * @example
 * ```ts
 * const best = tensorsOf(state.best.weights);
 * ```
 */
export function tensorsOf(saved: readonly SavedWeight[]): tf.Tensor[] {
  return saved.map(({ shape, values }) => tf.tensor(values, shape));
}

/**
 * Set a model's weights from {@linkcode saveWeights}.
 *
 * @param model A model of the same architecture.
 * @param saved The weights, in `getWeights()` order.
 * @example
 * ```ts
 * loadWeights(model, await saveWeights(trained));
 * ```
 */
export function loadWeights(model: tf.LayersModel, saved: readonly SavedWeight[]): void {
  const tensors = tensorsOf(saved);
  try {
    model.setWeights(tensors); // the weights keep their own reference to the values
  } finally {
    tf.dispose(tensors);
  }
}

/** An optimizer's state as plain arrays: FusedAdam's own, else what `getWeights` gives. */
export interface SavedOptimizer {
  /** A {@linkcode FusedAdam}'s state, β₁ᵗ and β₂ᵗ included. */
  adam?: FusedAdamState;
  /** Any other optimizer's `getWeights()`: the iteration count first, then its slots. */
  weights?: Array<{ name: string; shape: number[]; values: Float32Array }>;
}

/**
 * An optimizer's state for a training checkpoint: {@linkcode FusedAdam}'s exact state, else its
 * `getWeights()` (SGD: the step count; Adadelta: the running averages).
 *
 * @param optimizer The optimizer.
 * @returns The state for {@linkcode restoreOptimizer}.
 * @example
 * ```ts
 * await restoreOptimizer(fresh, await saveOptimizer(model.optimizer));
 * ```
 */
export async function saveOptimizer(optimizer: tf.Optimizer): Promise<SavedOptimizer> {
  if (isFusedAdam(optimizer)) return { adam: await optimizer.saveState() };
  const named = await optimizer.getWeights();
  const weights = await Promise.all(named.map(async ({ name, tensor }) => ({
    name,
    shape: tensor.shape,
    values: Float32Array.from(await tensor.data()),
  })));
  tf.dispose(named[0]?.tensor); // the iteration count is a new scalar; the slots are the optimizer's
  return { weights };
}

/**
 * Put back a state from {@linkcode saveOptimizer} into an optimizer of the same kind that has
 * not stepped yet.
 *
 * @param optimizer The optimizer.
 * @param saved Its saved state.
 * @example
 * ```ts
 * await restoreOptimizer(model.optimizer, saved);
 * ```
 */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  saved: SavedOptimizer,
): Promise<void> {
  if (saved.adam) {
    if (!isFusedAdam(optimizer)) {
      throw new TypeError(`A FusedAdam state cannot go into ${optimizer.getClassName()}`);
    }
    await optimizer.restoreState(saved.adam);
    return;
  }
  const named = (saved.weights ?? []).map(({ name, shape, values }, i) => ({
    name,
    // The first is the iteration count, an int32 scalar in tfjs-core.
    tensor: i === 0 ? tf.scalar(values[0], "int32") : tf.tensor(values, shape),
  }));
  try {
    await optimizer.setWeights(named); // its slots keep their own reference to the values
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
}

// tfjs-core's Optimizer answers `instanceof` by duck typing (any optimizer is "an instance" of
// every optimizer class), so FusedAdam is told apart by its prototype.
function isFusedAdam(optimizer: tf.Optimizer): optimizer is FusedAdam {
  return Object.prototype.isPrototypeOf.call(FusedAdam.prototype, optimizer);
}
