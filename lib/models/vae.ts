import * as tf from "@tensorflow/tfjs";

/** Options of {@linkcode Vae}; defaults are the course's. */
export interface VaeOptions {
  /**
   * Width of the encoder's and decoder's hidden layer.
   * @default 128
   */
  hidden?: number;
  /**
   * Latent size (μ and log σ² each).
   * @default 100
   */
  latent?: number;
  /**
   * Seeds the Xavier initialisation.
   * @default 0
   */
  seed?: number;
}

/**
 * The course's variational autoencoder (Kingma & Welling 2014): encoder 784 → 128 ReLU → μ and
 * log σ² (100 each), decoder z → 128 ReLU → 784 sigmoid; Xavier-uniform weights, zero biases.
 * Loss = summed binary cross-entropy per batch / batch size + KL(q(z|x) ‖ N(0, I)) summed over
 * the latent units and averaged over the batch: the negative ELBO per image. Call
 * {@linkcode Vae.dispose} when done.
 *
 * @example
 * ```ts
 * const vae = new Vae({ seed: 1 });
 * const optimizer = tf.train.adam(1e-3, 0.5, 0.999);
 * const loss = await vae.trainStep({ x, eps }, optimizer); // x [n, 784], eps [n, 100]
 * vae.dispose();
 * ```
 */
export class Vae {
  /** Hidden width. */
  readonly hidden: number;
  /** Latent size. */
  readonly latent: number;
  /** Trainable variables: encoder, μ head, log σ² head, decoder hidden, decoder output. */
  readonly variables: tf.Variable[];

  /**
   * Build a VAE with Xavier-uniform weights.
   *
   * @param options Hidden width, latent size, seed.
   */
  constructor(options: VaeOptions = {}) {
    this.hidden = options.hidden ?? 128;
    this.latent = options.latent ?? 100;
    const seed = options.seed ?? 0;
    const shapes: Array<[number, number]> = [
      [784, this.hidden],
      [this.hidden, this.latent],
      [this.hidden, this.latent],
      [this.latent, this.hidden],
      [this.hidden, 784],
    ];
    this.variables = tf.tidy(() =>
      shapes.flatMap(([fanIn, fanOut], i) => {
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        return [
          tf.variable(tf.randomUniform([fanIn, fanOut], -limit, limit, "float32", seed * 10 + i)),
          tf.variable(tf.zeros([fanOut])),
        ];
      })
    );
  }

  /** Trainable parameters. */
  get paramCount(): number {
    return this.variables.reduce((sum, v) => sum + v.size, 0);
  }

  /**
   * q(z | x): mean and log-variance.
   *
   * @param x `[n, 784]` in [0, 1].
   * @returns `mu` and `logVar`, `[n, latent]` each.
   */
  encode(x: tf.Tensor2D): { mu: tf.Tensor2D; logVar: tf.Tensor2D } {
    const [w1, b1, wMu, bMu, wVar, bVar] = this.variables;
    return tf.tidy(() => {
      const h = tf.relu(tf.add(tf.matMul(x, w1), b1));
      return {
        mu: tf.add(tf.matMul(h, wMu), bMu) as tf.Tensor2D,
        logVar: tf.add(tf.matMul(h, wVar), bVar) as tf.Tensor2D,
      };
    });
  }

  /**
   * Decoder logits; p(x = 1 | z) = σ(logits).
   *
   * @param z `[n, latent]`.
   * @returns `[n, 784]`.
   */
  decodeLogits(z: tf.Tensor2D): tf.Tensor2D {
    const [, , , , , , w3, b3, w4, b4] = this.variables;
    return tf.tidy(() =>
      tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(z, w3), b3)), w4), b4) as tf.Tensor2D
    );
  }

  /**
   * p(x = 1 | z), the decoded image.
   *
   * @param z `[n, latent]`.
   * @returns `[n, 784]` in [0, 1].
   */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.decodeLogits(z)));
  }

  /**
   * Negative ELBO per image, with z = μ + σ·eps (the reparameterisation trick).
   *
   * @param x `[n, 784]` in [0, 1].
   * @param eps Standard normal draws `[n, latent]`.
   * @returns The scalar loss.
   */
  loss(x: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const n = x.shape[0];
      const { mu, logVar } = this.encode(x);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
      const logits = this.decodeLogits(z);
      // BCE with logits: softplus(l) − x·l, summed over pixels and images.
      const bce = tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)));
      const kl = tf.mul(
        -0.5,
        tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar))),
      );
      return tf.div(tf.add(bce, kl), n) as tf.Scalar;
    });
  }

  /**
   * One optimiser step on a batch.
   *
   * @param batch `x` `[n, 784]` in [0, 1] and standard normal draws `eps` `[n, latent]`.
   * @param optimizer E.g. Adam 1e-3, β = (0.5, 0.999) (course).
   * @returns The batch's loss before the step.
   */
  async trainStep(
    batch: { x: tf.Tensor2D; eps: tf.Tensor2D },
    optimizer: tf.Optimizer,
  ): Promise<number> {
    const { x, eps } = batch;
    const cost = optimizer.minimize(() => this.loss(x, eps), true, this.variables)!;
    // An asynchronous read: webgpu cannot read synchronously under Deno.
    const value = (await cost.data())[0];
    cost.dispose();
    return value;
  }

  /** Free the variables. */
  dispose(): void {
    tf.dispose(this.variables);
  }
}
