/**
 * A minimal Vision Transformer for the benchmark: 7×7 patches of a 28×28 image, a learned
 * position embedding, pre-norm encoder blocks (multi-head self-attention with
 * {@linkcode scaledDotProductAttention}, an erf-GELU MLP) and a linear head on the mean token.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { scaledDotProductAttention } from "../lib/models/attention.ts";

/** Size of the benchmark ViT. */
export interface BenchVitConfig {
  /** Side of a square patch in pixels. */
  patch: number;
  /** Token width. */
  dim: number;
  /** Encoder blocks. */
  depth: number;
  /** Attention heads; each works on `dim / heads` channels. */
  heads: number;
  /** Hidden width of each block's MLP. */
  mlpDim: number;
}

/** Adds a learned `[1, tokens, dim]` position embedding to `[batch, tokens, dim]`. */
class PositionEmbedding extends tf.layers.Layer {
  static className = "BenchPositionEmbedding";
  private table?: tf.LayerVariable;

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, tokens, dim] = inputShape as number[];
    this.table = this.addWeight(
      "table",
      [1, tokens, dim],
      "float32",
      tf.initializers.randomNormal({ stddev: 0.02 }),
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => x.add(this.table!.read()));
  }
}

/** Multi-head self-attention on `[batch, tokens, dim]` with query/key/value/output projections. */
class SelfAttention extends tf.layers.Layer {
  static className = "BenchSelfAttention";
  private readonly heads: number;
  private weights4: tf.LayerVariable[] = [];

  constructor(args: { heads: number }) {
    super({});
    this.heads = args.heads;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dim = (inputShape as number[])[2];
    this.weights4 = ["query", "key", "value", "output"].map((name) =>
      this.addWeight(name, [dim, dim], "float32", tf.initializers.glorotUniform({}))
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const [batch, tokens, dim] = x.shape;
      const dh = dim / this.heads;
      // tfjs-core 4.22 has no gradient for a shared matrix in `[b, n, d]·[d, e]`: fold to 2-D.
      const flat = x.reshape([batch * tokens, dim]);
      const [wq, wk, wv, wo] = this.weights4.map((w) => w.read());
      const split = (w: tf.Tensor) =>
        flat.matMul(w).reshape([batch, tokens, this.heads, dh]).transpose([0, 2, 1, 3]);
      const { output, weights } = scaledDotProductAttention(split(wq), split(wk), split(wv));
      weights.dispose();
      const merged = output.transpose([0, 2, 1, 3]).reshape([batch * tokens, dim]);
      return merged.matMul(wo).reshape([batch, tokens, dim]);
    });
  }
}

/** GELU with erf (Hendrycks & Gimpel 2016), as PyTorch's `nn.GELU()`. */
class Gelu extends tf.layers.Layer {
  static className = "BenchGelu";

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => x.mul(0.5).mul(tf.erf(x.div(Math.SQRT2)).add(1)));
  }
}

/**
 * Build the benchmark ViT: input `[batch, 28, 28, 1]`, output `[batch, 10]` class probabilities.
 *
 * @param config The ViT's size.
 * @returns The uncompiled model.
 * @example
 * ```ts
 * const vit = buildBenchVit({ patch: 7, dim: 64, depth: 2, heads: 4, mlpDim: 128 });
 * vit.outputs[0].shape; // [null, 10]
 * vit.dispose();
 * ```
 */
export function buildBenchVit(config: BenchVitConfig): tf.LayersModel {
  const { patch, dim, depth, heads, mlpDim } = config;
  const side = 28 / patch;
  const input = tf.input({ shape: [28, 28, 1] });
  // Patch embedding as one strided conv: [b, 28, 28, 1] → [b, 4, 4, dim] → [b, 16, dim].
  const patches = tf.layers.conv2d({ filters: dim, kernelSize: patch, strides: patch })
    .apply(input) as tf.SymbolicTensor;
  let x = tf.layers.reshape({ targetShape: [side * side, dim] }).apply(
    patches,
  ) as tf.SymbolicTensor;
  x = new PositionEmbedding({}).apply(x) as tf.SymbolicTensor;
  for (let i = 0; i < depth; i++) {
    const h = tf.layers.layerNormalization({ epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
    const a = new SelfAttention({ heads }).apply(h) as tf.SymbolicTensor;
    x = tf.layers.add().apply([x, a]) as tf.SymbolicTensor;
    const g = tf.layers.layerNormalization({ epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
    const m1 = tf.layers.dense({ units: mlpDim }).apply(g) as tf.SymbolicTensor;
    const m2 = tf.layers.dense({ units: dim }).apply(new Gelu({}).apply(m1)) as tf.SymbolicTensor;
    x = tf.layers.add().apply([x, m2]) as tf.SymbolicTensor;
  }
  x = tf.layers.layerNormalization({ epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling1d().apply(x) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 10, activation: "softmax" }).apply(pooled);
  return tf.model({ inputs: input, outputs: output as tf.SymbolicTensor, name: "bench_vit" });
}
