/**
 * The four benchmark models of `deno task bench`, each with its batch size, synthetic batch and
 * loss.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { FusedLstm } from "../lib/models/fused_lstm.ts";
import { buildMnistCnn } from "../lib/models/mnist_cnn.ts";
import { buildSurfaceMlp } from "../lib/models/surface_mlp.ts";
import { buildVit } from "../lib/models/vit.ts";

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
  /**
   * Floating-point operations of one training step per sample: 2 per multiply-add of the forward
   * products (dense, convolution, attention, recurrent), times 3 for forward, input gradient and
   * weight gradient, less the first layer's input gradient, which neither framework computes.
   * Element-wise work (activations, norms, Adam) is left out.
   */
  trainFlopsPerSample: number;
}

/** What the two LSTM models share: batch, data, loss and arithmetic. */
function lstmLike(): Omit<BenchModel, "build"> {
  return {
    name: "lstm",
    batch: 32,
    inputShape: [50, 1],
    targetShape: [1],
    loss: "meanSquaredError",
    // Multiply-adds: 50 steps of 4·100·(1 + 100) = 40,400, dense 100: 6 · 2,020,100 − 2 · 50 · 400.
    trainFlopsPerSample: 12_080_600,
  };
}

/** The models measured when `--models` is not given. */
export const DEFAULT_BENCH_MODELS = ["mlp", "cnn", "lstm", "vit"] as const;

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
    // Multiply-adds 2·50 + 50·50 + 50·1 = 2,650: 6 · 2,650 − 2 · 100.
    trainFlopsPerSample: 15_700,
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
    // Multiply-adds: conv1 26·26·32·9 = 194,688, conv2 11·11·64·288 = 2,230,272, dense 16,000:
    // 6 · 2,440,960 − 2 · 194,688.
    trainFlopsPerSample: 14_256_384,
  },
  // The Santa Fe LSTM (lib/models/santafe_lstm.ts, claim 2.2.2's best row): LSTM(100) with
  // Keras' cell, as FusedLstm, on 50-step windows of a univariate series, batch 32.
  lstm: {
    ...lstmLike(),
    build: () =>
      tf.sequential({
        layers: [
          new FusedLstm({ inputShape: [50, 1], units: 100 }),
          tf.layers.dense({ units: 1 }),
        ],
      }),
  },
  // The same LSTM as tf.layers builds it (logistic gates, as Keras): every cell op of every
  // step on the tape. Not in the default set; there to compare with the fused layer.
  lstmLayers: {
    ...lstmLike(),
    name: "lstmLayers",
    build: () =>
      tf.sequential({
        layers: [
          tf.layers.lstm({ inputShape: [50, 1], units: 100, recurrentActivation: "sigmoid" }),
          tf.layers.dense({ units: 1 }),
        ],
      }),
  },
  // The project's ViT (lib/models/vit.ts, claim 3.3.1's model) at patch 7, dim 64, depth 2,
  // 4 heads, MLP 128, batch 128.
  vit: {
    name: "vit",
    batch: 128,
    build: () => buildVit({ patch: 7, dim: 64, depth: 2, heads: 4, mlpDim: 128 }),
    inputShape: [28, 28, 1],
    targetShape: [10],
    loss: "categoricalCrossentropy",
    classes: 10,
    // Multiply-adds: patches 16·49·64 = 50,176; per block Q/K/V 17·64·192 = 208,896, QKᵀ and AV
    // 2 · 4·17·17·16 = 36,992, projection 17·64·64 = 69,632, MLP 2·17·64·128 = 278,528; head 640:
    // 6 · (50,176 + 2 · 594,048 + 640) − 2 · 50,176.
    trainFlopsPerSample: 7_333_120,
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
