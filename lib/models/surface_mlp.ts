import * as tf from "@tensorflow/tfjs";

/**
 * Trainable parameters of the 2-h-h-1 network: (2 + 1)·h + (h + 1)·h + (h + 1).
 *
 * @param width Units per hidden layer h.
 * @returns The count; 2,751 for the report's h = 50.
 * @example
 * ```ts
 * surfaceMlpParams(50); // 2751
 * ```
 */
export function surfaceMlpParams(width: number): number {
  return 3 * width + (width + 1) * width + width + 1;
}

/**
 * The section 1.3 network: 2 → width → width → 1, ReLU hidden layers, linear output, for the MSE
 * loss. Weights and biases start as PyTorch's `nn.Linear` does (the course trains it in PyTorch):
 * uniform on ±1/√fan_in.
 *
 * @param width Units per hidden layer (report: 50; 10, 50 and 500 in section 1.3.3). @default 50
 * @returns The uncompiled model, input `[batch, 2]`, output `[batch, 1]`.
 * @throws {RangeError} For a width that is not a positive integer.
 * @example
 * ```ts
 * const model = buildSurfaceMlp(50);
 * model.countParams(); // 2751
 * model.dispose();
 * ```
 */
export function buildSurfaceMlp(width = 50): tf.Sequential {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`Width must be a positive integer: got ${width}`);
  }
  const dense = (units: number, fanIn: number, activation: "relu" | "linear", first = false) => {
    const bound = 1 / Math.sqrt(fanIn);
    return tf.layers.dense({
      units,
      activation,
      ...(first ? { inputShape: [2] } : {}),
      kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound }),
      biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound }),
    });
  };
  return tf.sequential({
    name: `surface_mlp_${width}`,
    layers: [
      dense(width, 2, "relu", true), // [b, 2] → [b, width]
      dense(width, width, "relu"), // → [b, width]
      dense(1, width, "linear"), // → [b, 1]
    ],
  });
}
