import * as tf from "@tensorflow/tfjs";
import {
  continuedRandom,
  type RandomState,
  type SeededRandom,
  seededRandom,
} from "../backend/mod.ts";
import { bernoulli } from "./_bernoulli.ts";
import type { RbmSnapshot } from "./rbm.ts";

/** Options of {@linkcode DeepBoltzmannMachine}. */
export interface DbmOptions {
  /**
   * Step size of the joint update, applied to batch-mean statistics.
   * @default 0.01
   */
  learningRate?: number;
  /**
   * Mean-field iterations of the data term per update (Salakhutdinov & Hinton 2009 use 10).
   * @default 10
   */
  meanFieldSteps?: number;
  /**
   * Persistent fantasy chains of the model term.
   * @default 100
   */
  chains?: number;
  /**
   * Seeds the chains and every Bernoulli draw.
   * @default 0
   */
  seed?: number;
}

/** A DBM's parameters as plain arrays. */
export interface DbmSnapshot {
  /** Layer sizes `[visible, hidden1, hidden2]`. */
  sizes: [number, number, number];
  /** W1 `[visible, hidden1]` row-major. */
  weights1: Float32Array;
  /** W2 `[hidden1, hidden2]` row-major. */
  weights2: Float32Array;
  visibleBias: Float32Array;
  hiddenBias1: Float32Array;
  hiddenBias2: Float32Array;
}

/**
 * A DBM in the middle of training: its parameters, its persistent chains and where its random
 * stream stands. {@linkcode DeepBoltzmannMachine.restore} continues from it exactly.
 */
export interface DbmState {
  snapshot: DbmSnapshot;
  /** The chains' binary visible states `[chains, visible]`, row-major. */
  chainVisible: Uint8Array;
  /** The chains' binary first hidden layer `[chains, hidden1]`. */
  chainHidden1: Uint8Array;
  /** The chains' binary second hidden layer `[chains, hidden2]`. */
  chainHidden2: Uint8Array;
  /** The state of the generator behind every Bernoulli draw. */
  random: RandomState;
}

type Variables = [
  tf.Variable<tf.Rank.R2>,
  tf.Variable<tf.Rank.R2>,
  tf.Variable<tf.Rank.R1>,
  tf.Variable<tf.Rank.R1>,
  tf.Variable<tf.Rank.R1>,
  tf.Variable<tf.Rank.R2>,
  tf.Variable<tf.Rank.R2>,
  tf.Variable<tf.Rank.R2>,
];

/**
 * A two-layer deep Boltzmann machine v — h1 — h2 (Salakhutdinov & Hinton 2009) with energy
 * E = −vᵀa − h1ᵀb1 − h2ᵀb2 − vᵀW1h1 − h1ᵀW2h2. Built from two greedily pre-trained RBMs (the
 * second trained on the first one's hidden probabilities), then trained jointly: the data term
 * by mean-field inference of q(h1, h2 | v), the model term by persistent Gibbs chains that
 * alternate h1 | v, h2 and (v, h2) | h1. Call {@linkcode DeepBoltzmannMachine.dispose} when done.
 *
 * @example
 * ```ts
 * const dbm = DeepBoltzmannMachine.fromRbms(await rbm1.snapshot(), await rbm2.snapshot());
 * dbm.fitEpoch(x, 100);
 * const { mean } = dbm.gibbs(x, { steps: 500 });
 * dbm.dispose();
 * ```
 */
export class DeepBoltzmannMachine {
  /** `[visible, hidden1, hidden2]`. */
  readonly sizes: [number, number, number];
  /** W1 `[visible, hidden1]`. */
  readonly weights1: tf.Variable<tf.Rank.R2>;
  /** W2 `[hidden1, hidden2]`. */
  readonly weights2: tf.Variable<tf.Rank.R2>;
  readonly visibleBias: tf.Variable<tf.Rank.R1>;
  readonly hiddenBias1: tf.Variable<tf.Rank.R1>;
  readonly hiddenBias2: tf.Variable<tf.Rank.R1>;
  readonly learningRate: number;
  readonly meanFieldSteps: number;
  /** Persistent chain states `[chains, ·]`. */
  readonly #chainV: tf.Variable<tf.Rank.R2>;
  readonly #chainH1: tf.Variable<tf.Rank.R2>;
  readonly #chainH2: tf.Variable<tf.Rank.R2>;
  #next: SeededRandom;

  /**
   * Build a DBM from parameters (see {@linkcode DeepBoltzmannMachine.fromRbms}).
   *
   * @param snapshot The parameters.
   * @param options Learning rate, mean-field steps, chains, seed.
   */
  constructor(snapshot: DbmSnapshot, options: DbmOptions = {}) {
    const [v, h1, h2] = snapshot.sizes;
    const expected = [v * h1, h1 * h2, v, h1, h2];
    const got = [
      snapshot.weights1.length,
      snapshot.weights2.length,
      snapshot.visibleBias.length,
      snapshot.hiddenBias1.length,
      snapshot.hiddenBias2.length,
    ];
    if (expected.join() !== got.join()) {
      throw new RangeError(
        `DBM parameters must have sizes [${
          expected.join(", ")
        }] for layers ${v}-${h1}-${h2}: got [${got.join(", ")}]`,
      );
    }
    this.sizes = [v, h1, h2];
    this.learningRate = options.learningRate ?? 0.01;
    this.meanFieldSteps = options.meanFieldSteps ?? 10;
    this.#next = seededRandom(options.seed ?? 0);
    const chains = options.chains ?? 100;
    // tf.tidy frees the initial values; variables survive it.
    [
      this.weights1,
      this.weights2,
      this.visibleBias,
      this.hiddenBias1,
      this.hiddenBias2,
      this.#chainV,
      this.#chainH1,
      this.#chainH2,
    ] = tf.tidy(() => {
      const bias1 = tf.tensor1d(snapshot.hiddenBias1);
      const bias2 = tf.tensor1d(snapshot.hiddenBias2);
      return [
        tf.variable(tf.tensor2d(snapshot.weights1, [v, h1])),
        tf.variable(tf.tensor2d(snapshot.weights2, [h1, h2])),
        tf.variable(tf.tensor1d(snapshot.visibleBias)),
        tf.variable(bias1),
        tf.variable(bias2),
        // Chains start from the model's biases alone, as scikit-learn's RBM chains do.
        tf.variable(tf.zeros([chains, v])),
        tf.variable(
          bernoulli(tf.sigmoid(tf.tile(bias1.reshape([1, h1]), [chains, 1])), this.#next),
        ),
        tf.variable(
          bernoulli(tf.sigmoid(tf.tile(bias2.reshape([1, h2]), [chains, 1])), this.#next),
        ),
      ];
    }) as Variables;
  }

  /**
   * Stack two pre-trained RBMs: W1, a and b1 from the first, W2 and b2 from the second (whose
   * visible bias is dropped: h1's bias comes from the first RBM).
   *
   * @param first RBM on the data, `[visible, hidden1]`.
   * @param second RBM on the first one's hidden probabilities, `[hidden1, hidden2]`.
   * @param options Learning rate, mean-field steps, chains, seed.
   * @returns The DBM.
   */
  static fromRbms(
    first: RbmSnapshot,
    second: RbmSnapshot,
    options: DbmOptions = {},
  ): DeepBoltzmannMachine {
    if (second.visible !== first.hidden) {
      throw new RangeError(
        `The second RBM must have ${first.hidden} visible units (the first one's hidden units): got ${second.visible}`,
      );
    }
    return new DeepBoltzmannMachine({
      sizes: [first.visible, first.hidden, second.hidden],
      weights1: first.weights,
      weights2: second.weights,
      visibleBias: first.visibleBias,
      hiddenBias1: first.hiddenBias,
      hiddenBias2: second.hiddenBias,
    }, options);
  }

  /**
   * A DBM that continues a saved one's training: the same parameters, chains and random stream,
   * so its next updates are the ones the saved DBM would have made.
   *
   * @param state From {@linkcode DeepBoltzmannMachine.state}.
   * @param options Learning rate and mean-field steps; chains and seed come from the state.
   * @returns The DBM.
   */
  static restore(
    state: DbmState,
    options: Omit<DbmOptions, "chains" | "seed"> = {},
  ): DeepBoltzmannMachine {
    const [v, h1, h2] = state.snapshot.sizes;
    const chains = state.chainVisible.length / v;
    if (state.chainHidden1.length !== chains * h1 || state.chainHidden2.length !== chains * h2) {
      throw new RangeError(`DBM chain states must hold ${chains} chains of ${v}-${h1}-${h2} units`);
    }
    const dbm = new DeepBoltzmannMachine(state.snapshot, { ...options, chains });
    tf.tidy(() => {
      const chain = (bits: Uint8Array, units: number) =>
        tf.tensor2d(Float32Array.from(bits), [chains, units], "float32");
      dbm.#chainV.assign(chain(state.chainVisible, v));
      dbm.#chainH1.assign(chain(state.chainHidden1, h1));
      dbm.#chainH2.assign(chain(state.chainHidden2, h2));
    });
    dbm.#next = continuedRandom(state.random);
    return dbm;
  }

  /**
   * Parameters, chains and random stream, to continue training later with
   * {@linkcode DeepBoltzmannMachine.restore}.
   *
   * @returns The state as plain arrays.
   */
  async state(): Promise<DbmState> {
    return {
      snapshot: await this.snapshot(),
      chainVisible: await bits(this.#chainV),
      chainHidden1: await bits(this.#chainH1),
      chainHidden2: await bits(this.#chainH2),
      random: this.#next.state(),
    };
  }

  /** Trainable parameters: v·h1 + h1·h2 + v + h1 + h2. */
  get paramCount(): number {
    const [v, h1, h2] = this.sizes;
    return v * h1 + h1 * h2 + v + h1 + h2;
  }

  /**
   * p(h1 = 1 | v, h2) = σ(vW1 + h2W2ᵀ + b1).
   *
   * @param v `[n, visible]`.
   * @param h2 `[n, hidden2]`.
   * @returns `[n, hidden1]`.
   */
  hidden1Probs(v: tf.Tensor2D, h2: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() =>
      tf.sigmoid(
        tf.add(
          tf.add(tf.matMul(v, this.weights1), tf.matMul(h2, tf.transpose(this.weights2))),
          this.hiddenBias1,
        ),
      )
    );
  }

  /**
   * p(v = 1 | h1) = σ(h1W1ᵀ + a).
   *
   * @param h1 `[n, hidden1]`.
   * @returns `[n, visible]`.
   */
  visibleProbs(h1: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() =>
      tf.sigmoid(tf.add(tf.matMul(h1, tf.transpose(this.weights1)), this.visibleBias))
    );
  }

  /**
   * p(h2 = 1 | h1) = σ(h1W2 + b2).
   *
   * @param h1 `[n, hidden1]`.
   * @returns `[n, hidden2]`.
   */
  hidden2Probs(h1: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(h1, this.weights2), this.hiddenBias2)));
  }

  /**
   * Mean-field posterior q(h1, h2 | v): start bottom-up (h2 from p(h1 | v, h2 = 0)), then
   * alternate the two fixed-point equations `meanFieldSteps` times.
   *
   * @param v `[n, visible]`.
   * @returns `mu1` `[n, hidden1]` and `mu2` `[n, hidden2]`; caller disposes.
   */
  meanField(v: tf.Tensor2D): { mu1: tf.Tensor2D; mu2: tf.Tensor2D } {
    return tf.tidy(() => {
      let mu1 = this.hidden1Probs(v, tf.zeros([v.shape[0], this.sizes[2]]));
      let mu2 = this.hidden2Probs(mu1);
      for (let step = 0; step < this.meanFieldSteps; step++) {
        mu1 = this.hidden1Probs(v, mu2);
        mu2 = this.hidden2Probs(mu1);
      }
      return { mu1, mu2 };
    });
  }

  /**
   * One joint update on a batch: data statistics from mean-field, model statistics from one
   * Gibbs sweep of the persistent chains.
   *
   * @param batch `[m, visible]` in [0, 1].
   */
  partialFit(batch: tf.Tensor2D): void {
    if (batch.shape[1] !== this.sizes[0]) {
      throw new RangeError(
        `DBM input must be [n, ${this.sizes[0]}]: got [${batch.shape.join(", ")}]`,
      );
    }
    tf.tidy(() => {
      const { mu1, mu2 } = this.meanField(batch);
      const h1 = bernoulli(this.hidden1Probs(this.#chainV, this.#chainH2), this.#next);
      const v = bernoulli(this.visibleProbs(h1), this.#next);
      const h2 = bernoulli(this.hidden2Probs(h1), this.#next);
      const m = batch.shape[0];
      const chains = v.shape[0];
      const rate = this.learningRate;
      // Batch-mean statistics, shapes [visible, hidden1] and [hidden1, hidden2].
      const dW1 = tf.sub(
        tf.div(tf.matMul(tf.transpose(batch), mu1), m),
        tf.div(tf.matMul(tf.transpose(v), h1), chains),
      );
      const dW2 = tf.sub(
        tf.div(tf.matMul(tf.transpose(mu1), mu2), m),
        tf.div(tf.matMul(tf.transpose(h1), h2), chains),
      );
      const step = (variable: tf.Variable, data: tf.Tensor2D, model: tf.Tensor2D) =>
        variable.assign(
          tf.add(variable, tf.mul(tf.sub(tf.mean(data, 0), tf.mean(model, 0)), rate)),
        );
      this.weights1.assign(tf.add(this.weights1, tf.mul(dW1, rate)));
      this.weights2.assign(tf.add(this.weights2, tf.mul(dW2, rate)));
      step(this.visibleBias, batch, v);
      step(this.hiddenBias1, mu1, h1);
      step(this.hiddenBias2, mu2, h2);
      this.#chainV.assign(v);
      this.#chainH1.assign(h1);
      this.#chainH2.assign(h2);
    });
  }

  /**
   * One pass over `x` in consecutive batches.
   *
   * @param x `[n, visible]` in [0, 1].
   * @param batchSize Images per update.
   */
  fitEpoch(x: tf.Tensor2D, batchSize: number): void {
    const n = x.shape[0];
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const batch = tf.slice(x, [start, 0], [size, this.sizes[0]]);
      this.partialFit(batch);
      batch.dispose();
    }
  }

  /**
   * Gibbs sampling started at `v`: h2 is drawn from the mean-field posterior of `v`, then each
   * step draws h1 ~ p(h1 | v, h2), v ~ p(v | h1) and h2 ~ p(h2 | h1).
   *
   * @param v Start images `[n, visible]`.
   * @param options `steps` (default 1).
   * @returns `sample`, binary v after the last step, and `mean`, p(v = 1 | h1) of that step;
   *   caller disposes both.
   */
  gibbs(v: tf.Tensor2D, options: { steps?: number } = {}): {
    sample: tf.Tensor2D;
    mean: tf.Tensor2D;
  } {
    const steps = options.steps ?? 1;
    if (!Number.isInteger(steps) || steps < 1) {
      throw new RangeError(`Gibbs steps must be a positive integer: got ${steps}`);
    }
    let sample = tf.clone(v);
    let mean = tf.clone(v);
    let h2 = tf.tidy(() => bernoulli(this.meanField(v).mu2, this.#next));
    for (let step = 0; step < steps; step++) {
      const next = tf.tidy(() => {
        const h1 = bernoulli(this.hidden1Probs(sample, h2), this.#next);
        const p = this.visibleProbs(h1);
        return [bernoulli(p, this.#next), p, bernoulli(this.hidden2Probs(h1), this.#next)];
      });
      tf.dispose([sample, mean, h2]);
      [sample, mean, h2] = next;
    }
    h2.dispose();
    return { sample, mean };
  }

  /**
   * The parameters as plain arrays.
   *
   * @returns A snapshot for the constructor.
   */
  async snapshot(): Promise<DbmSnapshot> {
    return {
      sizes: [...this.sizes],
      weights1: await this.weights1.data() as Float32Array,
      weights2: await this.weights2.data() as Float32Array,
      visibleBias: await this.visibleBias.data() as Float32Array,
      hiddenBias1: await this.hiddenBias1.data() as Float32Array,
      hiddenBias2: await this.hiddenBias2.data() as Float32Array,
    };
  }

  /** Free the parameters and chains. */
  dispose(): void {
    tf.dispose([
      this.weights1,
      this.weights2,
      this.visibleBias,
      this.hiddenBias1,
      this.hiddenBias2,
      this.#chainV,
      this.#chainH1,
      this.#chainH2,
    ]);
  }
}

// A chain's 0/1 states as bytes: exact, and a quarter of their float32 size in a checkpoint.
async function bits(tensor: tf.Tensor): Promise<Uint8Array> {
  return Uint8Array.from(await tensor.data() as ArrayLike<number>);
}
