import * as tf from "@tensorflow/tfjs";

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
  return Promise.all(
    model.getWeights().map(async (w) => ({
      shape: w.shape,
      values: Float32Array.from(await w.data()),
    })),
  );
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
  const tensors = saved.map(({ shape, values }) => tf.tensor(values, shape));
  try {
    model.setWeights(tensors); // the weights keep their own reference to the values
  } finally {
    tf.dispose(tensors);
  }
}
