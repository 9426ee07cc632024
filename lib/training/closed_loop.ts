import * as tf from "@tensorflow/tfjs";

/** Options of {@linkcode closedLoopPredict}. */
export interface ClosedLoopOptions {
  /** Window length the model takes. */
  lag: number;
  /** Values to predict. */
  steps: number;
  /** Feed windows as `[1, lag, 1]` (recurrent models) instead of `[1, lag]`. @default false */
  sequence?: boolean;
}

/**
 * Recursive (closed-loop) prediction: start from the last `lag` values of `history`, predict the
 * next value, append the prediction to the window and repeat, never looking at the true
 * continuation. The course predicts the 100 Santa Fe test points this way from the last
 * training window.
 *
 * @param model A one-step predictor `[1, lag] → [1, 1]` (or `[1, lag, 1] → [1, 1]`).
 * @param history At least `lag` values, in the model's (normalised) units.
 * @param options Lag, steps, input layout.
 * @returns The `steps` predictions, in the model's units.
 * @example
 * ```ts
 * const next = await closedLoopPredict(model, zTrain, { lag: 50, steps: 100 });
 * ```
 */
export async function closedLoopPredict(
  model: tf.LayersModel,
  history: ArrayLike<number>,
  options: ClosedLoopOptions,
): Promise<Float64Array> {
  const { lag, steps } = options;
  if (history.length < lag) {
    throw new RangeError(`History must hold at least lag=${lag} values: got ${history.length}`);
  }
  const window = Array.from({ length: lag }, (_, i) => history[history.length - lag + i]);
  const shape = options.sequence ? [1, lag, 1] : [1, lag];
  const out = new Float64Array(steps);
  for (let step = 0; step < steps; step++) {
    const x = tf.tensor(window, shape);
    const y = model.predict(x) as tf.Tensor;
    const next = (await y.data())[0]; // an asynchronous read: webgpu has no synchronous one
    tf.dispose([x, y]);
    out[step] = next;
    window.shift();
    window.push(next);
  }
  return out;
}
