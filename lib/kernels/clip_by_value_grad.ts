import * as tf from "@tensorflow/tfjs";
import type { GradConfig } from "@tensorflow/tfjs-core";

/**
 * The gradient of `ClipByValue` as `dy` where the output equals the input, else 0: three kernel
 * calls (`Equal`, `ZerosLike`, `Select`) instead of tfjs-core 4.22's five (`GreaterEqual`,
 * `LessEqual`, `LogicalAnd`, `ZerosLike`, `Select`). `clip(x) = x` exactly when
 * `min ≤ x ≤ max`, and is false for NaN as both comparisons are, so the result is the same.
 * TF.js' LSTM gates use `hardSigmoid`, a clip: 150 clips per LSTM training step over 50 steps.
 * Gradients are registered for all backends, so this one serves cpu and webgpu too.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerGradient(clipByValueGradConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const clipByValueGradConfig: GradConfig = {
  kernelName: tf.ClipByValue,
  inputsToSave: ["x"],
  outputsToSave: [true],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [x, y] = saved; // the input and the clipped output, same shape
    const grad = dy as tf.Tensor;
    return { x: () => tf.where(tf.equal(y, x), grad, tf.zerosLike(grad)) };
  },
};
