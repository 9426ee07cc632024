import * as tf from "@tensorflow/tfjs";
import { KERAS_KERNEL } from "./_keras_kernel.ts";

/** Hidden layers of the report's section 1.4.2 network: units and activation, in order. */
export const REGRESSION_NET_LAYERS = [
  { units: 100, activation: "relu" },
  { units: 100, activation: "tanh" },
  { units: 100, activation: "relu" },
  { units: 50, activation: "relu" },
  { units: 50, activation: "tanh" },
  { units: 50, activation: "relu" },
] as const;

/** Trainable parameters: 300 + 2 × 10,100 + 5,050 + 2 × 2,550 + 51 = 30,701. */
export const REGRESSION_NET_PARAMS = 30_701;

/**
 * The personal-regression network of section 1.4.2: (x1, x2) → 100 ReLU → 100 tanh → 100 ReLU →
 * 50 ReLU → 50 tanh → 50 ReLU → 1 linear, Keras default initialisation (Glorot uniform, zero
 * bias) as in the course's Keras notebook.
 *
 * @returns The uncompiled model, input `[batch, 2]`, output `[batch, 1]`.
 * @example
 * ```ts
 * const model = buildRegressionNet();
 * model.countParams(); // 30701
 * model.dispose();
 * ```
 */
export function buildRegressionNet(): tf.Sequential {
  return tf.sequential({
    name: "regression_net",
    layers: [
      ...REGRESSION_NET_LAYERS.map(({ units, activation }, i) =>
        tf.layers.dense({
          units,
          activation,
          kernelInitializer: KERAS_KERNEL,
          ...(i === 0 ? { inputShape: [2] } : {}),
        })
      ),
      tf.layers.dense({ units: 1, kernelInitializer: KERAS_KERNEL }), // [b, 50] → [b, 1]
    ],
  });
}
