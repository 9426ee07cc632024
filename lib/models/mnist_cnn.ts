import * as tf from "@tensorflow/tfjs";
import { KERAS_KERNEL } from "./_keras_kernel.ts";

/** Trainable parameters of the CNN, as the report's layer table sums them. */
export const MNIST_CNN_PARAMS = 34_826;

/**
 * The report's MNIST CNN (section 1.3.5), the Keras example network:
 * conv 32 3×3 ReLU → max-pool 2 → conv 64 3×3 ReLU → max-pool 2 → flatten → dropout 0.5 →
 * dense 10 softmax, Keras' Glorot-uniform kernels. Input `[batch, 28, 28, 1]`, output
 * `[batch, 10]` class probabilities.
 *
 * @returns The uncompiled model; compile it with the optimizer under study.
 * @example
 * ```ts
 * const model = buildMnistCnn();
 * model.countParams(); // 34826
 * model.dispose();
 * ```
 */
export function buildMnistCnn(): tf.Sequential {
  return tf.sequential({
    name: "mnist_cnn",
    layers: [
      // [b, 28, 28, 1] → [b, 26, 26, 32]: 3·3·1·32 + 32 = 320 parameters
      tf.layers.conv2d({
        inputShape: [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        activation: "relu",
        kernelInitializer: KERAS_KERNEL,
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }), // → [b, 13, 13, 32]
      // → [b, 11, 11, 64]: 3·3·32·64 + 64 = 18,496 parameters
      tf.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        activation: "relu",
        kernelInitializer: KERAS_KERNEL,
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }), // → [b, 5, 5, 64]
      tf.layers.flatten(), // → [b, 1600]
      tf.layers.dropout({ rate: 0.5 }),
      // 1600·10 + 10 = 16,010 parameters
      tf.layers.dense({ units: 10, activation: "softmax", kernelInitializer: KERAS_KERNEL }),
    ],
  });
}
