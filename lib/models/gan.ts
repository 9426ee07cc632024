import * as tf from "@tensorflow/tfjs";

/** The two GAN backbones of the report (4.2). */
export type GanBackbone = "fc" | "cnn";

/** Options of {@linkcode buildGan}. */
export interface GanOptions {
  /** `"fc"`: the course's fully connected GAN; `"cnn"`: a DCGAN-style convolutional one. */
  backbone: GanBackbone;
  /**
   * Latent size (course: 10).
   * @default 10
   */
  latent?: number;
  /**
   * Hidden widths of the fully connected generator, input to output (course: 256, 512, 1024).
   * For `"cnn"`: `[dense units per 7×7 map, channels at 14×14]`, e.g. `[64, 32]`.
   * @default [256, 512, 1024] for fc, [64, 32] for cnn
   */
  generatorWidths?: number[];
  /**
   * Hidden widths of the fully connected discriminator, input to output (course: 1024, 512,
   * 256). For `"cnn"`: channels of its two stride-2 convolutions, e.g. `[32, 64]`.
   * @default [1024, 512, 256] for fc, [32, 64] for cnn
   */
  discriminatorWidths?: number[];
  /**
   * Dropout after each hidden layer of the fully connected discriminator (course: 0.3).
   * @default 0.3
   */
  dropout?: number;
}

/** A generator, a discriminator and their losses. */
export interface Gan {
  /** z `[n, latent]` → images `[n, 28, 28, 1]` in [−1, 1] (tanh). */
  generator: tf.LayersModel;
  /** images `[n, 28, 28, 1]` → logits `[n, 1]`; D(x) = σ(logit). */
  discriminator: tf.LayersModel;
  /** Latent size. */
  latent: number;
  /** Trainable parameters of both networks. */
  paramCount: number;
}

/** Mean losses of one training step. */
export interface GanStepLosses {
  /** ½ (BCE(D(x), 1) + BCE(D(G(z)), 0)). */
  discriminator: number;
  /** BCE(D(G(z)), 1), the non-saturating generator loss. */
  generator: number;
}

// PyTorch's default init for Linear and Conv layers: weights and biases U(±1/√fan_in), which
// the course's networks use.
const torchKernel = () =>
  tf.initializers.varianceScaling({ scale: 1 / 3, mode: "fanIn", distribution: "uniform" });
const torchBias = (fanIn: number) =>
  tf.initializers.randomUniform({ minval: -1 / Math.sqrt(fanIn), maxval: 1 / Math.sqrt(fanIn) });

/**
 * Build the report's GAN (4.2): the course's fully connected one — G 10→256→512→1024→784 with
 * LeakyReLU(0.2) and tanh output, D 784→1024→512→256→1 with LeakyReLU(0.2), dropout 0.3 and a
 * sigmoid output — or a DCGAN-style backbone (Radford et al. 2016): G dense → 7×7 maps →
 * 4×4 stride-2 transposed convolutions to 14×14 and 28×28; D two 4×4 stride-2 convolutions with
 * LeakyReLU(0.2), then one logit. D returns logits; the sigmoid sits in the loss.
 *
 * @param options Backbone, latent size and widths.
 * @returns The two networks (the caller disposes both).
 * @example
 * ```ts
 * const gan = buildGan({ backbone: "fc" });
 * gan.paramCount; // 2,923,537 for the course's sizes
 * ```
 */
export function buildGan(options: GanOptions): Gan {
  const latent = options.latent ?? 10;
  const fc = options.backbone === "fc";
  if (!fc && options.backbone !== "cnn") {
    throw new RangeError(`Unknown GAN backbone ${options.backbone}: valid backbones are fc, cnn`);
  }
  const gWidths = options.generatorWidths ?? (fc ? [256, 512, 1024] : [64, 32]);
  const dWidths = options.discriminatorWidths ?? (fc ? [1024, 512, 256] : [32, 64]);
  const generator = fc ? fcGenerator(latent, gWidths) : cnnGenerator(latent, gWidths);
  const discriminator = fc
    ? fcDiscriminator(dWidths, options.dropout ?? 0.3)
    : cnnDiscriminator(dWidths);
  return {
    generator,
    discriminator,
    latent,
    paramCount: generator.countParams() + discriminator.countParams(),
  };
}

function dense(units: number, fanIn: number, inputShape?: number[]): tf.layers.Layer {
  return tf.layers.dense({
    units,
    inputShape,
    kernelInitializer: torchKernel(),
    biasInitializer: torchBias(fanIn),
  });
}

function fcGenerator(latent: number, widths: number[]): tf.Sequential {
  const model = tf.sequential();
  let fanIn = latent;
  for (const [i, width] of widths.entries()) {
    model.add(dense(width, fanIn, i === 0 ? [latent] : undefined));
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    fanIn = width;
  }
  model.add(dense(784, fanIn));
  model.add(tf.layers.activation({ activation: "tanh" }));
  model.add(tf.layers.reshape({ targetShape: [28, 28, 1] }));
  return model;
}

function fcDiscriminator(widths: number[], dropout: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  let fanIn = 784;
  for (const width of widths) {
    model.add(dense(width, fanIn));
    model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    model.add(tf.layers.dropout({ rate: dropout }));
    fanIn = width;
  }
  model.add(dense(1, fanIn));
  return model;
}

function cnnGenerator(latent: number, [maps, channels]: number[]): tf.Sequential {
  const model = tf.sequential();
  model.add(dense(7 * 7 * maps, latent, [latent]));
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.reshape({ targetShape: [7, 7, maps] }));
  // [n, 7, 7, maps] → [n, 14, 14, channels] → [n, 28, 28, 1].
  model.add(tf.layers.conv2dTranspose({
    filters: channels,
    kernelSize: 4,
    strides: 2,
    padding: "same",
    kernelInitializer: torchKernel(),
    biasInitializer: torchBias(maps * 16),
  }));
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.conv2dTranspose({
    filters: 1,
    kernelSize: 4,
    strides: 2,
    padding: "same",
    kernelInitializer: torchKernel(),
    biasInitializer: torchBias(channels * 16),
  }));
  model.add(tf.layers.activation({ activation: "tanh" }));
  return model;
}

function cnnDiscriminator([first, second]: number[]): tf.Sequential {
  const model = tf.sequential();
  // [n, 28, 28, 1] → [n, 14, 14, first] → [n, 7, 7, second] → [n, 1].
  model.add(tf.layers.conv2d({
    inputShape: [28, 28, 1],
    filters: first,
    kernelSize: 4,
    strides: 2,
    padding: "same",
    kernelInitializer: torchKernel(),
    biasInitializer: torchBias(16),
  }));
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.conv2d({
    filters: second,
    kernelSize: 4,
    strides: 2,
    padding: "same",
    kernelInitializer: torchKernel(),
    biasInitializer: torchBias(first * 16),
  }));
  model.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  model.add(tf.layers.flatten());
  model.add(dense(1, 7 * 7 * second));
  return model;
}

/**
 * One alternating GAN step as in the course: D on a real batch and G(z) held fixed, then G
 * through the updated D on the same z. Dropout is active in both.
 *
 * @param gan The networks.
 * @param step Real images `[n, 28, 28, 1]` in [−1, 1], latents `[n, latent]` and the two
 *   optimizers (the course: Adam 1e-3, β = (0.5, 0.999)).
 * @returns The two losses of this step.
 * @example
 * ```ts
 * const losses = ganStep(gan, { real, z, dOptimizer, gOptimizer });
 * ```
 */
export function ganStep(
  gan: Gan,
  step: {
    real: tf.Tensor4D;
    z: tf.Tensor2D;
    dOptimizer: tf.Optimizer;
    gOptimizer: tf.Optimizer;
  },
): { discriminator: tf.Scalar; generator: tf.Scalar } {
  const { generator, discriminator } = gan;
  const n = step.real.shape[0];
  const fake = tf.tidy(() => generator.apply(step.z, { training: true }) as tf.Tensor4D);
  const dLoss = step.dOptimizer.minimize(
    () => {
      const realLogits = discriminator.apply(step.real, { training: true }) as tf.Tensor2D;
      const fakeLogits = discriminator.apply(fake, { training: true }) as tf.Tensor2D;
      return tf.mul(
        tf.add(
          tf.losses.sigmoidCrossEntropy(tf.ones([n, 1]), realLogits),
          tf.losses.sigmoidCrossEntropy(tf.zeros([n, 1]), fakeLogits),
        ),
        0.5,
      ) as tf.Scalar;
    },
    true,
    discriminator.trainableWeights.map((w) => w.read() as tf.Variable),
  )!;
  fake.dispose();
  const gLoss = step.gOptimizer.minimize(
    () => {
      const images = generator.apply(step.z, { training: true }) as tf.Tensor4D;
      const logits = discriminator.apply(images, { training: true }) as tf.Tensor2D;
      return tf.losses.sigmoidCrossEntropy(tf.ones([n, 1]), logits) as tf.Scalar;
    },
    true,
    generator.trainableWeights.map((w) => w.read() as tf.Variable),
  )!;
  return { discriminator: dLoss, generator: gLoss };
}
