/**
 * A Vision Transformer for MNIST (Dosovitskiy et al. 2021, "An image is worth 16×16 words") as the
 * course builds it: 7×7 patches, a class token, learned position embeddings, pre-norm encoder
 * blocks with multi-head self-attention and a GELU MLP, and a linear head on the class token.
 *
 * The attention is {@linkcode scaledDotProductAttention} of claim 3.3, applied per head.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { scaledDotProductAttention } from "./attention.ts";
import { gelu } from "./gelu_op.ts";
import { layerNorm } from "./layer_norm_op.ts";
import { KERAS_KERNEL } from "./_keras_kernel.ts";

/** The shape of a ViT: the four numbers of the report's 3.3.1 table plus the input. */
export interface VitConfig {
  /** Token width `dim` (report: 32 to 128). */
  dim: number;
  /** Number of encoder blocks `depth`. */
  depth: number;
  /** Attention heads per block; each head works on `dim / heads` channels. */
  heads: number;
  /** Hidden width of each block's MLP `mlp_dim`. */
  mlpDim: number;
  /** Side of a square patch in pixels. @default 7 */
  patch?: number;
  /** Side of the square input image. @default 28 */
  imageSize?: number;
  /** Number of classes. @default 10 */
  classes?: number;
}

/** The five configurations of the report's 3.3.1 table: (dim, depth, heads, mlp_dim). */
export const VIT_CONFIGS: Readonly<Record<string, VitConfig>> = Object.freeze({
  baseline: { dim: 64, depth: 6, heads: 8, mlpDim: 128 },
  smaller: { dim: 32, depth: 4, heads: 4, mlpDim: 64 },
  wider: { dim: 128, depth: 6, heads: 8, mlpDim: 256 },
  deeper: { dim: 64, depth: 8, heads: 8, mlpDim: 128 },
  best: { dim: 128, depth: 8, heads: 16, mlpDim: 512 },
});

// PyTorch's nn.LayerNorm ε, which the course's model uses.
const LAYER_NORM_EPSILON = 1e-5;

/** Layer args of the token layers: the token width. */
interface TokenLayerArgs {
  /** Token width. */
  dim: number;
  /** Layer name. */
  name?: string;
}

/**
 * Prepends a learned class token: `[batch, n, dim] → [batch, n + 1, dim]`.
 *
 * @example
 * ```ts
 * new ClassToken({ dim: 8 }).apply(tf.zeros([2, 16, 8])).shape; // [2, 17, 8]
 * ```
 */
export class ClassToken extends tf.layers.Layer {
  /** Name under which the layer is serialised. */
  static className = "AnndlClassToken";
  private readonly dim: number;
  private token?: tf.LayerVariable;

  /** @param args Token width and name. */
  constructor(args: TokenLayerArgs) {
    super({ name: args.name });
    this.dim = args.dim;
  }

  /** Create the `[1, 1, dim]` token, initialised at zero as in ViT. */
  override build(): void {
    this.token = this.addWeight("token", [1, 1, this.dim], "float32", tf.initializers.zeros());
    this.built = true;
  }

  /** @returns `[batch, n + 1, dim]`. */
  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    const [batch, n, dim] = inputShape as number[];
    return [batch, n === null ? null : n + 1, dim] as tf.Shape;
  }

  /** Concatenate the token in front of the patch tokens. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D; // [b, n, dim]
      // broadcastTo, not tile: tile's gradient on wasm is a loop of one slice per repetition.
      const token = tf.broadcastTo(this.token!.read(), [x.shape[0], 1, this.dim]); // [b, 1, dim]
      return tf.concat([token, x], 1); // [b, n + 1, dim]
    });
  }

  /** @returns The layer's config for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim };
  }
}

/** Layer args of {@linkcode PositionEmbedding}. */
interface PositionArgs extends TokenLayerArgs {
  /** Number of tokens, class token included. */
  tokens: number;
}

/**
 * Adds a learned position embedding: `[batch, tokens, dim] → [batch, tokens, dim]`.
 *
 * @example
 * ```ts
 * new PositionEmbedding({ dim: 8, tokens: 17 }).apply(tf.zeros([2, 17, 8])).shape; // [2, 17, 8]
 * ```
 */
export class PositionEmbedding extends tf.layers.Layer {
  /** Name under which the layer is serialised. */
  static className = "AnndlPositionEmbedding";
  private readonly dim: number;
  private readonly tokens: number;
  private table?: tf.LayerVariable;

  /** @param args Token width, token count and name. */
  constructor(args: PositionArgs) {
    super({ name: args.name });
    this.dim = args.dim;
    this.tokens = args.tokens;
  }

  /** Create the `[1, tokens, dim]` table, N(0, 0.02²) as in ViT and BERT. */
  override build(): void {
    this.table = this.addWeight(
      "table",
      [1, this.tokens, this.dim],
      "float32",
      tf.initializers.truncatedNormal({ stddev: 0.02 }),
    );
    this.built = true;
  }

  /** Add the table to every sequence of the batch. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.add(Array.isArray(inputs) ? inputs[0] : inputs, this.table!.read()));
  }

  /** @returns The layer's config for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, tokens: this.tokens };
  }
}

/** Layer args of {@linkcode MultiHeadSelfAttention}. */
interface AttentionArgs extends TokenLayerArgs {
  /** Number of heads; must divide `dim`. */
  heads: number;
}

/**
 * Multi-head self-attention (Vaswani et al. 2017, section 3.2.2): one `[dim, 3·dim]` projection
 * gives Q, K and V, each split into `heads` heads of `dim / heads` channels; every head runs
 * {@linkcode scaledDotProductAttention}; the heads are concatenated and projected back to `dim`.
 * `[batch, n, dim] → [batch, n, dim]`.
 *
 * @example
 * ```ts
 * new MultiHeadSelfAttention({ dim: 8, heads: 2 }).apply(tf.zeros([2, 17, 8])).shape; // [2, 17, 8]
 * ```
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  /** Name under which the layer is serialised. */
  static className = "AnndlMultiHeadSelfAttention";
  private readonly dim: number;
  private readonly heads: number;
  private qkv?: tf.LayerVariable;
  private projection?: tf.LayerVariable;
  private projectionBias?: tf.LayerVariable;

  /** @param args Token width, heads and name. */
  constructor(args: AttentionArgs) {
    super({ name: args.name });
    if (!Number.isInteger(args.dim / args.heads)) {
      throw new RangeError(`Heads must divide dim: got dim ${args.dim} and ${args.heads} heads`);
    }
    this.dim = args.dim;
    this.heads = args.heads;
  }

  /** Create the Q/K/V projection (no bias, as in vit-pytorch) and the output projection. */
  override build(): void {
    const glorot = tf.initializers.glorotUniform({});
    this.qkv = this.addWeight("qkv", [this.dim, 3 * this.dim], "float32", glorot);
    this.projection = this.addWeight("projection", [this.dim, this.dim], "float32", glorot);
    this.projectionBias = this.addWeight("bias", [this.dim], "float32", tf.initializers.zeros());
    this.built = true;
  }

  /** Attend every token to every token, per head. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D; // [b, n, dim]
      const [batch, n] = x.shape;
      const headDim = this.dim / this.heads;
      // One [dim, 3·dim] projection, split on the last axis of a rank-2 tensor (cheap on wasm,
      // where slicing rank-5 tensors is not).
      const qkv = tf.matMul(x.reshape([batch * n, this.dim]), this.qkv!.read() as tf.Tensor2D);
      const [q, k, v] = tf.split(qkv, 3, 1).map((t) =>
        t.reshape([batch, n, this.heads, headDim]).transpose([0, 2, 1, 3])
      ); // each [b, heads, n, headDim]
      const { output, weights } = scaledDotProductAttention(q, k, v); // [b, heads, n, headDim]
      weights.dispose();
      const merged = output.transpose([0, 2, 1, 3]).reshape([batch * n, this.dim]); // [b·n, dim]
      return tf.add(
        tf.matMul(merged, this.projection!.read() as tf.Tensor2D),
        this.projectionBias!.read(),
      )
        .reshape([batch, n, this.dim]);
    });
  }

  /** @returns The layer's config for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, heads: this.heads };
  }
}

/**
 * Layer normalisation over the last axis (Ba et al. 2016) with a learned scale and shift:
 * `[batch, n, dim] → [batch, n, dim]`. TF.js' own layer broadcasts by tiling, whose gradient is a
 * loop of small kernels on wasm; this one is {@linkcode layerNorm}, one op with its own gradient.
 *
 * @example
 * ```ts
 * new LayerNorm({ dim: 8 }).apply(tf.ones([2, 17, 8])).shape; // [2, 17, 8]
 * ```
 */
export class LayerNorm extends tf.layers.Layer {
  /** Name under which the layer is serialised. */
  static className = "AnndlLayerNorm";
  private readonly dim: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  /** @param args Token width and name. */
  constructor(args: TokenLayerArgs) {
    super({ name: args.name });
    this.dim = args.dim;
  }

  /** Create γ = 1 and β = 0 of shape `[dim]`. */
  override build(): void {
    this.gamma = this.addWeight("gamma", [this.dim], "float32", tf.initializers.ones());
    this.beta = this.addWeight("beta", [this.dim], "float32", tf.initializers.zeros());
    this.built = true;
  }

  /** (x − mean) / √(var + ε) · γ + β over the last axis. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs; // [b, n, dim]
    return layerNorm(
      x,
      this.gamma!.read() as tf.Tensor1D,
      this.beta!.read() as tf.Tensor1D,
      LAYER_NORM_EPSILON,
    );
  }

  /** @returns The layer's config for serialisation. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim };
  }
}

/**
 * The exact (erf) GELU of PyTorch's `nn.GELU()`, as {@linkcode gelu}: the same values as the
 * `gelu` activation of `tf.layers.dense` in one op with its own gradient.
 *
 * @example
 * ```ts
 * new Gelu({}).apply(tf.zeros([2, 17, 8])).shape; // [2, 17, 8]
 * ```
 */
export class Gelu extends tf.layers.Layer {
  /** Name under which the layer is serialised. */
  static className = "AnndlGelu";

  /** GELU of every element. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return gelu(Array.isArray(inputs) ? inputs[0] : inputs);
  }
}

/**
 * Keeps the class token: `[batch, tokens, dim] → [batch, dim]`.
 *
 * @example
 * ```ts
 * new TakeClassToken({}).apply(tf.zeros([2, 17, 8])).shape; // [2, 8]
 * ```
 */
export class TakeClassToken extends tf.layers.Layer {
  /** Name under which the layer is serialised. */
  static className = "AnndlTakeClassToken";

  /** @returns `[batch, dim]`. */
  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    const shape = inputShape as number[];
    return [shape[0], shape[2]];
  }

  /** Slice token 0. */
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D; // [b, n, dim]
      return x.slice([0, 0, 0], [x.shape[0], 1, x.shape[2]]).reshape([x.shape[0], x.shape[2]]);
    });
  }
}

for (
  const layer of [
    ClassToken,
    PositionEmbedding,
    MultiHeadSelfAttention,
    LayerNorm,
    Gelu,
    TakeClassToken,
  ]
) {
  tf.serialization.registerClass(layer);
}

/**
 * Trainable parameters of a ViT, by formula: patch embedding `p²·dim + dim`, class token `dim`,
 * positions `(n+1)·dim`, per block two LayerNorms `4·dim`, attention `3·dim² + dim² + dim`, MLP
 * `2·dim·mlp + mlp + dim`, then a final LayerNorm `2·dim` and the head `dim·classes + classes`.
 *
 * @param config The ViT's shape.
 * @returns The count.
 * @example
 * ```ts
 * vitParams(VIT_CONFIGS.baseline); // 204810
 * ```
 */
export function vitParams(config: VitConfig): number {
  const { dim, depth, mlpDim } = config;
  const patch = config.patch ?? 7;
  const tokens = ((config.imageSize ?? 28) / patch) ** 2 + 1;
  const classes = config.classes ?? 10;
  const block = 4 * dim + 4 * dim * dim + dim + 2 * dim * mlpDim + mlpDim + dim;
  return patch * patch * dim + dim + dim + tokens * dim + depth * block + 2 * dim +
    dim * classes + classes;
}

/**
 * Build a ViT classifier. `[batch, 28, 28, 1]` pixels → 16 patches of 7×7 → `[batch, 16, dim]`
 * tokens → class token and positions `[batch, 17, dim]` → `depth` pre-norm blocks
 * (x + MHSA(LN(x)), then x + MLP(LN(x)) with a GELU hidden layer of `mlpDim`) → LN → class token
 * `[batch, dim]` → dense softmax `[batch, classes]`. No dropout (the course's default of 0).
 *
 * @param config The ViT's shape.
 * @returns The uncompiled model.
 * @example
 * ```ts
 * const model = buildVit({ dim: 16, depth: 1, heads: 2, mlpDim: 32 });
 * model.outputs[0].shape; // [null, 10]
 * model.dispose();
 * ```
 */
export function buildVit(config: VitConfig): tf.LayersModel {
  const { dim, depth, heads, mlpDim } = config;
  const patch = config.patch ?? 7;
  const side = config.imageSize ?? 28;
  const classes = config.classes ?? 10;
  const grid = side / patch;
  if (!Number.isInteger(grid)) {
    throw new RangeError(`Patch size must divide the image side: got ${patch} and ${side}`);
  }
  if (!Number.isInteger(dim / heads)) {
    throw new RangeError(`Heads must divide dim: got dim ${dim} and ${heads} heads`);
  }
  const tokens = grid * grid;

  const input = tf.input({ shape: [side, side, 1], name: "pixels" }); // [b, 28, 28, 1]
  // Cut into patches: [b, 4, 7, 4, 7] → [b, 4, 4, 7, 7] → [b, 16, 49].
  let x = tf.layers.reshape({ targetShape: [grid, patch, grid, patch] }).apply(input);
  x = tf.layers.permute({ dims: [1, 3, 2, 4] }).apply(x);
  x = tf.layers.reshape({ targetShape: [tokens, patch * patch] }).apply(x);
  x = tf.layers.dense({ units: dim, kernelInitializer: KERAS_KERNEL, name: "patch_embedding" })
    .apply(x); // [b, 16, dim]
  x = new ClassToken({ dim, name: "class_token" }).apply(x); // [b, 17, dim]
  x = new PositionEmbedding({ dim, tokens: tokens + 1, name: "positions" }).apply(x);

  for (let i = 0; i < depth; i++) {
    const norm1 = new LayerNorm({ dim, name: `ln1_${i}` });
    const attention = new MultiHeadSelfAttention({ dim, heads, name: `attention_${i}` });
    x = tf.layers.add({ name: `residual1_${i}` }).apply([
      x,
      attention.apply(norm1.apply(x)),
    ] as tf.SymbolicTensor[]);
    const norm2 = new LayerNorm({ dim, name: `ln2_${i}` });
    const hidden = tf.layers.dense({
      units: mlpDim,
      kernelInitializer: KERAS_KERNEL,
      name: `mlp1_${i}`,
    });
    const activation = new Gelu({ name: `gelu_${i}` });
    const back = tf.layers.dense({
      units: dim,
      kernelInitializer: KERAS_KERNEL,
      name: `mlp2_${i}`,
    });
    x = tf.layers.add({ name: `residual2_${i}` }).apply([
      x,
      back.apply(activation.apply(hidden.apply(norm2.apply(x)))),
    ] as tf.SymbolicTensor[]); // [b, 17, dim]
  }
  x = new LayerNorm({ dim, name: "final_ln" }).apply(x);
  x = new TakeClassToken({ name: "cls" }).apply(x); // [b, dim]
  const output = tf.layers.dense({
    units: classes,
    activation: "softmax",
    kernelInitializer: KERAS_KERNEL,
    name: "head",
  }).apply(x) as tf.SymbolicTensor; // [b, classes]
  return tf.model({ inputs: input, outputs: output, name: "vit" });
}
