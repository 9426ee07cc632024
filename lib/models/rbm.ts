import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "../backend/mod.ts";
import { bernoulli } from "./_bernoulli.ts";

/** Options of {@linkcode BernoulliRbm}; defaults are scikit-learn's `BernoulliRBM`. */
export interface BernoulliRbmOptions {
  /**
   * Step size of the persistent-CD update, applied to the batch-averaged gradient.
   * @default 0.1
   */
  learningRate?: number;
  /**
   * Examples per update, and the number of persistent fantasy chains.
   * @default 10
   */
  batchSize?: number;
  /**
   * Seeds the initial weights, the chains and every Bernoulli draw.
   * @default 0
   */
  seed?: number;
}

/** Options of {@linkcode BernoulliRbm.gibbs}. */
export interface GibbsOptions {
  /**
   * Full Gibbs steps to run.
   * @default 1
   */
  steps?: number;
  /** `[n, visible]` mask: 1 marks a unit clamped to its start value. @default none */
  known?: tf.Tensor2D;
}

/** An RBM's parameters as plain arrays, to rebuild it later without holding tensors. */
export interface RbmSnapshot {
  visible: number;
  hidden: number;
  /** `[visible, hidden]` row-major. */
  weights: Float32Array;
  visibleBias: Float32Array;
  hiddenBias: Float32Array;
}

/**
 * A Bernoulli restricted Boltzmann machine trained by persistent contrastive divergence (PCD-1),
 * step for step as scikit-learn's `BernoulliRBM` (Tieleman 2008): weights start N(0, 0.01²),
 * biases at 0, one Gibbs step of the persistent chains per update, batches taken in order.
 *
 * Energy E(v, h) = −vᵀa − hᵀb − vᵀWh with W `[visible, hidden]`; p(h=1|v) = σ(vW + b),
 * p(v=1|h) = σ(hWᵀ + a). Call {@linkcode BernoulliRbm.dispose} when done.
 *
 * @example
 * ```ts
 * const rbm = new BernoulliRbm(4, 2, { seed: 1 });
 * rbm.fitEpoch(tf.tensor2d([[1, 0, 1, 0], [0, 1, 0, 1]]));
 * rbm.paramCount; // 4·2 + 4 + 2 = 14
 * rbm.dispose();
 * ```
 */
export class BernoulliRbm {
  /** Visible units. */
  readonly visible: number;
  /** Hidden units. */
  readonly hidden: number;
  /** W `[visible, hidden]`. */
  readonly weights: tf.Variable<tf.Rank.R2>;
  /** a `[visible]`. */
  readonly visibleBias: tf.Variable<tf.Rank.R1>;
  /** b `[hidden]`. */
  readonly hiddenBias: tf.Variable<tf.Rank.R1>;
  /** The update's step size. */
  readonly learningRate: number;
  /** Examples per update. */
  readonly batchSize: number;
  /** Hidden states of the persistent chains `[batchSize, hidden]`. */
  #chains: tf.Variable<tf.Rank.R2>;
  /** Uniform generator behind every draw. */
  readonly #next: () => number;

  /**
   * Build an RBM with scikit-learn's initialisation.
   *
   * @param visible Visible units, e.g. 784 for MNIST.
   * @param hidden Hidden units ("components").
   * @param options Learning rate, batch size, seed.
   */
  constructor(visible: number, hidden: number, options: BernoulliRbmOptions = {}) {
    if (!Number.isInteger(visible) || visible < 1 || !Number.isInteger(hidden) || hidden < 1) {
      throw new RangeError(
        `RBM sizes must be positive integers: got visible ${visible}, hidden ${hidden}`,
      );
    }
    this.visible = visible;
    this.hidden = hidden;
    this.learningRate = options.learningRate ?? 0.1;
    this.batchSize = options.batchSize ?? 10;
    this.#next = seededRandom(options.seed ?? 0);
    const normalSeed = Math.floor(this.#next() * 2 ** 31);
    // tf.tidy frees the initial values; variables survive it.
    [this.weights, this.visibleBias, this.hiddenBias, this.#chains] = tf.tidy(() => [
      tf.variable(tf.randomNormal([visible, hidden], 0, 0.01, "float32", normalSeed)),
      tf.variable(tf.zeros([visible])),
      tf.variable(tf.zeros([hidden])),
      tf.variable(tf.zeros([this.batchSize, hidden])),
    ]) as [
      tf.Variable<tf.Rank.R2>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R1>,
      tf.Variable<tf.Rank.R2>,
    ];
  }

  /**
   * Rebuild an RBM from a snapshot; the chains restart at 0.
   *
   * @param snapshot Parameters from {@linkcode BernoulliRbm.snapshot}.
   * @param options Learning rate, batch size, seed of the new draws.
   * @returns The RBM.
   * @example
   * ```ts
   * const copy = BernoulliRbm.fromSnapshot(await rbm.snapshot());
   * ```
   */
  static fromSnapshot(snapshot: RbmSnapshot, options: BernoulliRbmOptions = {}): BernoulliRbm {
    const rbm = new BernoulliRbm(snapshot.visible, snapshot.hidden, options);
    tf.tidy(() => {
      rbm.weights.assign(tf.tensor2d(snapshot.weights, [snapshot.visible, snapshot.hidden]));
      rbm.visibleBias.assign(tf.tensor1d(snapshot.visibleBias));
      rbm.hiddenBias.assign(tf.tensor1d(snapshot.hiddenBias));
    });
    return rbm;
  }

  /** Trainable parameters: visible·hidden + visible + hidden. */
  get paramCount(): number {
    return this.visible * this.hidden + this.visible + this.hidden;
  }

  /**
   * p(h = 1 | v) = σ(vW + b).
   *
   * @param v Visible states `[n, visible]`.
   * @returns `[n, hidden]`.
   */
  hiddenProbs(v: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(v, this.weights), this.hiddenBias)));
  }

  /**
   * p(v = 1 | h) = σ(hWᵀ + a).
   *
   * @param h Hidden states `[n, hidden]`.
   * @returns `[n, visible]`.
   */
  visibleProbs(h: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() =>
      tf.sigmoid(tf.add(tf.matMul(h, tf.transpose(this.weights)), this.visibleBias))
    );
  }

  /**
   * Run full Gibbs steps (h ~ p(h|v), then v ~ p(v|h)) from `v`, as scikit-learn's `gibbs` does
   * once per call. With `known`, units marked 1 are clamped to their values in `v` after every
   * step, which samples the rest conditioned on them (inpainting).
   *
   * @param v Start states `[n, visible]` in [0, 1].
   * @param options Steps and clamped units.
   * @returns `sample`, the binary visible states after the last step, and `mean`, p(v = 1 | h) of
   *   that step (the noise-free picture of the same state), clamped units set to `v`; both
   *   `[n, visible]`, caller disposes.
   */
  gibbs(v: tf.Tensor2D, options: GibbsOptions = {}): { sample: tf.Tensor2D; mean: tf.Tensor2D } {
    const steps = options.steps ?? 1;
    if (!Number.isInteger(steps) || steps < 1) {
      throw new RangeError(`Gibbs steps must be a positive integer: got ${steps}`);
    }
    const known = options.known;
    const clamp = (x: tf.Tensor2D) =>
      known ? tf.add(tf.mul(x, tf.sub(1, known)), tf.mul(v, known)) as tf.Tensor2D : x;
    let sample = tf.clone(v);
    let mean = tf.clone(v);
    for (let step = 0; step < steps; step++) {
      const [nextSample, nextMean] = tf.tidy(() => {
        const h = bernoulli(this.hiddenProbs(sample), this.#next);
        const p = this.visibleProbs(h);
        return [clamp(bernoulli(p, this.#next)), clamp(p)];
      });
      tf.dispose([sample, mean]);
      [sample, mean] = [nextSample, nextMean];
    }
    return { sample, mean };
  }

  /**
   * One PCD update on a batch (scikit-learn's `_fit`): positive statistics from p(h|v_batch),
   * negative ones from one Gibbs step of the persistent chains.
   *
   * @param batch `[m, visible]` in [0, 1].
   */
  partialFit(batch: tf.Tensor2D): void {
    if (batch.shape[1] !== this.visible) {
      throw new RangeError(
        `RBM input must be [n, ${this.visible}]: got [${batch.shape.join(", ")}]`,
      );
    }
    tf.tidy(() => {
      const hPos = this.hiddenProbs(batch);
      const vNeg = bernoulli(this.visibleProbs(this.#chains), this.#next);
      const hNeg = this.hiddenProbs(vNeg);
      const rate = this.learningRate / batch.shape[0];
      // ΔW = lr/m · (vᵀp(h|v) − ṽᵀp(h|ṽ)), shapes [visible, hidden]. Explicit transposes: the
      // wasm backend's transposed matmul is an order of magnitude slower than transpose + matmul.
      const positive = tf.matMul(tf.transpose(batch), hPos);
      const negative = tf.matMul(tf.transpose(vNeg), hNeg);
      this.weights.assign(tf.add(this.weights, tf.mul(tf.sub(positive, negative), rate)));
      this.hiddenBias.assign(
        tf.add(this.hiddenBias, tf.mul(tf.sub(tf.sum(hPos, 0), tf.sum(hNeg, 0)), rate)),
      );
      this.visibleBias.assign(
        tf.add(this.visibleBias, tf.mul(tf.sub(tf.sum(batch, 0), tf.sum(vNeg, 0)), rate)),
      );
      this.#chains.assign(bernoulli(hNeg, this.#next));
    });
  }

  /**
   * One pass over `x` in consecutive batches of `batchSize` (no shuffling, as scikit-learn).
   *
   * @param x `[n, visible]` in [0, 1].
   */
  fitEpoch(x: tf.Tensor2D): void {
    const n = x.shape[0];
    for (let start = 0; start < n; start += this.batchSize) {
      const size = Math.min(this.batchSize, n - start);
      const batch = tf.slice(x, [start, 0], [size, this.visible]);
      this.partialFit(batch);
      batch.dispose();
    }
  }

  /**
   * Free energy F(v) = −vᵀa − Σⱼ softplus((vW + b)ⱼ).
   *
   * @param v `[n, visible]`.
   * @returns `[n]`.
   */
  freeEnergy(v: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const linear = tf.add(tf.matMul(v, this.weights), this.hiddenBias);
      const visibleTerm = tf.squeeze(tf.matMul(v, tf.reshape(this.visibleBias, [-1, 1])), [1]);
      return tf.neg(tf.add(visibleTerm, tf.sum(tf.softplus(linear), 1))) as tf.Tensor1D;
    });
  }

  /**
   * Mean pseudo-log-likelihood of `v` as scikit-learn's `score_samples` estimates it: for each
   * row one random unit i is flipped to give ṽ, and log PL ≈ visible · log σ(F(ṽ) − F(v)).
   * Higher is better; at most 0.
   *
   * @param v `[n, visible]` binary or in [0, 1].
   * @returns The mean over rows.
   */
  async pseudoLikelihood(v: tf.Tensor2D): Promise<number> {
    const [n, d] = v.shape;
    const flips = new Float32Array(n * d);
    for (let row = 0; row < n; row++) flips[row * d + Math.floor(this.#next() * d)] = 1;
    const score = tf.tidy(() => {
      const mask = tf.tensor2d(flips, [n, d]);
      // ṽ = v with unit i replaced by 1 − vᵢ.
      const flipped = tf.add(v, tf.mul(mask, tf.sub(1, tf.mul(v, 2)))) as tf.Tensor2D;
      const gap = tf.sub(this.freeEnergy(flipped), this.freeEnergy(v));
      return tf.mean(tf.mul(tf.neg(tf.softplus(tf.neg(gap))), d));
    });
    const value = (await score.data())[0];
    score.dispose();
    return value;
  }

  /**
   * The parameters as plain arrays.
   *
   * @returns A snapshot for {@linkcode BernoulliRbm.fromSnapshot}.
   */
  async snapshot(): Promise<RbmSnapshot> {
    return {
      visible: this.visible,
      hidden: this.hidden,
      weights: await this.weights.data() as Float32Array,
      visibleBias: await this.visibleBias.data() as Float32Array,
      hiddenBias: await this.hiddenBias.data() as Float32Array,
    };
  }

  /** Free the parameters and chains. */
  dispose(): void {
    tf.dispose([this.weights, this.visibleBias, this.hiddenBias, this.#chains]);
  }
}
