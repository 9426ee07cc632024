import * as tf from "@tensorflow/tfjs";
import { KERAS_KERNEL } from "./_keras_kernel.ts";
import { FusedAdam } from "../optimizers/mod.ts";
import { FusedLstm } from "./fused_lstm.ts";

/**
 * Trainable parameters of {@linkcode buildSantaFeLstm}: 4·(H·(1 + H) + H) for the LSTM's four
 * gates on one input feature, plus H + 1 for the output.
 *
 * @param units LSTM units H.
 * @returns The parameter count.
 * @example
 * ```ts
 * santaFeLstmParams(100); // 41001
 * ```
 */
export function santaFeLstmParams(units: number): number {
  return 4 * (units * (1 + units) + units) + units + 1;
}

/** Options of {@linkcode buildSantaFeLstm}. */
export interface SantaFeLstmOptions {
  /** Adam step size (course: 1e-3). @default 0.001 */
  learningRate?: number;
}

/**
 * The course's LSTM for the Santa Fe series (section 2.2.2): LSTM(H) over the window, its last
 * state → Dense(1), compiled with Adam and MSE. Input `[batch, lag, 1]`, output `[batch, 1]`.
 * The LSTM is Keras' (logistic gates, forget bias one) as {@linkcode FusedLstm}, which also
 * trains several times faster than `tf.layers.lstm`.
 *
 * @param lag Time steps per window.
 * @param units LSTM units H.
 * @param options Learning rate.
 * @returns The compiled model.
 * @example
 * ```ts
 * const model = buildSantaFeLstm(50, 100);
 * model.countParams(); // 41001
 * model.dispose();
 * ```
 */
export function buildSantaFeLstm(
  lag: number,
  units: number,
  options: SantaFeLstmOptions = {},
): tf.Sequential {
  const model = tf.sequential({
    name: "santafe_lstm",
    layers: [
      new FusedLstm({ inputShape: [lag, 1], units }), // [b, H], the last step's output
      tf.layers.dense({ units: 1, kernelInitializer: KERAS_KERNEL }), // [b, 1]
    ],
  });
  model.compile({
    optimizer: new FusedAdam(options.learningRate ?? 1e-3), // tf.train.adam in one kernel call
    loss: "meanSquaredError",
  });
  return model;
}
