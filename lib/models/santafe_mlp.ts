import * as tf from "@tensorflow/tfjs";
import { KERAS_KERNEL } from "./_keras_kernel.ts";
import { FusedAdam } from "../optimizers/mod.ts";

/**
 * Trainable parameters of {@linkcode buildSantaFeMlp}: lag·H + H (hidden) plus H + 1 (output).
 *
 * @param lag Inputs per window.
 * @param hidden Hidden units H.
 * @returns The parameter count.
 * @example
 * ```ts
 * santaFeMlpParams(50, 100); // 5201
 * ```
 */
export function santaFeMlpParams(lag: number, hidden: number): number {
  return lag * hidden + hidden + hidden + 1;
}

/** Options of {@linkcode buildSantaFeMlp}. */
export interface SantaFeMlpOptions {
  /** Adam step size (course: 0.01). @default 0.01 */
  learningRate?: number;
}

/**
 * The course's one-hidden-layer MLP for the Santa Fe series (section 2.2.1): Dense(H, tanh) →
 * Dense(1), compiled with Adam and MSE. Input `[batch, lag]`, output `[batch, 1]`, the next
 * z-scored value.
 *
 * @param lag Inputs per window.
 * @param hidden Hidden units H.
 * @param options Learning rate.
 * @returns The compiled model.
 * @example
 * ```ts
 * const model = buildSantaFeMlp(50, 100);
 * model.countParams(); // 5201
 * model.dispose();
 * ```
 */
export function buildSantaFeMlp(
  lag: number,
  hidden: number,
  options: SantaFeMlpOptions = {},
): tf.Sequential {
  const model = tf.sequential({
    name: "santafe_mlp",
    layers: [
      tf.layers.dense({
        inputShape: [lag],
        units: hidden,
        activation: "tanh",
        kernelInitializer: KERAS_KERNEL,
      }), // [b, H]
      tf.layers.dense({ units: 1, kernelInitializer: KERAS_KERNEL }), // [b, 1]
    ],
  });
  model.compile({
    optimizer: new FusedAdam(options.learningRate ?? 0.01), // tf.train.adam in one kernel call
    loss: "meanSquaredError",
  });
  return model;
}
