/**
 * The four benchmark models of `deno task bench`, each with its batch size, synthetic batch and
 * loss.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { buildMnistCnn } from "../lib/models/mnist_cnn.ts";
import { buildSurfaceMlp } from "../lib/models/surface_mlp.ts";
import { buildBenchVit } from "./_vit.ts";

/** A model the benchmark measures. */
export interface BenchModel {
  /** Name in the JSON lines. */
  name: string;
  /** Samples per step. */
  batch: number;
  /** Builds the uncompiled model. */
  build: () => tf.LayersModel;
  /** Input shape of one sample. */
  inputShape: number[];
  /** Target shape of one sample. */
  targetShape: number[];
  /** Loss for `compile`. */
  loss: string;
  /** True when targets are one-hot class labels. */
  classes?: number;
}

/** The benchmark models by name, in the order they run. */
export const BENCH_MODELS: Readonly<Record<string, BenchModel>> = Object.freeze({
  // Section 1.3's 2-50-50-1 surface regression, batch 32.
  mlp: {
    name: "mlp",
    batch: 32,
    build: () => buildSurfaceMlp(50),
    inputShape: [2],
    targetShape: [1],
    loss: "meanSquaredError",
  },
  // Section 1.3.5's 34,826-parameter MNIST CNN, batch 128.
  cnn: {
    name: "cnn",
    batch: 128,
    build: buildMnistCnn,
    inputShape: [28, 28, 1],
    targetShape: [10],
    loss: "categoricalCrossentropy",
    classes: 10,
  },
  // An LSTM(100) on 50-step windows of a univariate series (Santa Fe), batch 32.
  lstm: {
    name: "lstm",
    batch: 32,
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.lstm({ inputShape: [50, 1], units: 100 }),
          tf.layers.dense({ units: 1 }),
        ],
      }),
    inputShape: [50, 1],
    targetShape: [1],
    loss: "meanSquaredError",
  },
  // A small ViT: patch 7, dim 64, depth 2 (4 heads, MLP 128), batch 128.
  vit: {
    name: "vit",
    batch: 128,
    build: () => buildBenchVit({ patch: 7, dim: 64, depth: 2, heads: 4, mlpDim: 128 }),
    inputShape: [28, 28, 1],
    targetShape: [10],
    loss: "categoricalCrossentropy",
    classes: 10,
  },
});

/**
 * A synthetic batch for `model`: uniform inputs, and one-hot or uniform targets.
 *
 * @param model The benchmark model.
 * @returns `[x, y]`; the caller disposes both.
 * @example
 * ```ts
 * const [x, y] = syntheticBatch(BENCH_MODELS.mlp);
 * x.shape; // [32, 2]
 * tf.dispose([x, y]);
 * ```
 */
export function syntheticBatch(model: BenchModel): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const x = tf.randomUniform([model.batch, ...model.inputShape]);
    const y = model.classes
      ? tf.oneHot(tf.randomUniform([model.batch], 0, model.classes, "int32"), model.classes)
        .toFloat()
      : tf.randomUniform([model.batch, ...model.targetShape]);
    return [x, y];
  });
}
