import * as tf from "@tensorflow/tfjs";

/** A tensor with a name, as optimizers exchange gradients and state. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * Adadelta as Zeiler (2012, algorithm 1) and Keras define it:
 *
 *   E[g²]ₜ = ρ·E[g²]ₜ₋₁ + (1 − ρ)·gₜ²
 *   Δxₜ = −√(E[Δx²]ₜ₋₁ + ε) / √(E[g²]ₜ + ε) · gₜ
 *   E[Δx²]ₜ = ρ·E[Δx²]ₜ₋₁ + (1 − ρ)·Δxₜ²
 *   xₜ₊₁ = xₜ + lr·Δxₜ
 *
 * TF.js 4.22's `tf.train.adadelta` divides by the previous E[g²]ₜ₋₁ instead, so its first step is
 * a plain gradient step of size lr (√ε / √ε = 1): with the learning rate 1.0 of the report's
 * section 1.3.6 that step wrecks the CNN, and the Keras result cannot be reproduced with it.
 *
 * @example
 * ```ts
 * const w = tf.variable(tf.scalar(1));
 * new Adadelta(1).minimize(() => w.square() as tf.Scalar);
 * w.dataSync()[0]; // ≈ 0.9986, where tf.train.adadelta(1) gives −1
 * ```
 */
export class Adadelta extends tf.Optimizer {
  /** Class name for serialization, distinct from TF.js' own `Adadelta`. */
  static get className(): string {
    return "AnndlAdadelta";
  }

  #grads: Array<tf.Variable | undefined> = [];
  #updates: Array<tf.Variable | undefined> = [];

  /**
   * @param learningRate Scale of each update (Keras default 1.0 in the course's era).
   * @param rho Decay of both running averages. @default 0.95
   * @param epsilon Added inside both square roots. @default 1e-7
   */
  constructor(
    readonly learningRate: number,
    readonly rho = 0.95,
    readonly epsilon = 1e-7,
  ) {
    super();
    if (!(learningRate > 0) || !(rho >= 0 && rho < 1) || !(epsilon > 0)) {
      throw new RangeError(
        `Adadelta needs learningRate > 0, 0 ≤ rho < 1 and epsilon > 0: got ${learningRate}, ${rho}, ${epsilon}`,
      );
    }
  }

  /**
   * Apply one update to each named variable.
   *
   * @param variableGradients Gradients by variable name, or as a list.
   */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map(({ name, tensor }) => [name, tensor] as const)
      : Object.entries(variableGradients);
    entries.forEach(([name, gradient], i) => {
      if (gradient == null) return;
      const value = tf.engine().registeredVariables[name];
      this.#grads[i] ??= tf.tidy(() => tf.zerosLike(value).variable(false));
      this.#updates[i] ??= tf.tidy(() => tf.zerosLike(value).variable(false));
      const accGrad = this.#grads[i]!;
      const accUpdate = this.#updates[i]!;
      tf.tidy(() => {
        const newAccGrad = accGrad.mul(this.rho).add(gradient.square().mul(1 - this.rho));
        const step = accUpdate.add(this.epsilon).sqrt()
          .div(newAccGrad.add(this.epsilon).sqrt())
          .mul(gradient);
        accGrad.assign(newAccGrad);
        accUpdate.assign(accUpdate.mul(this.rho).add(step.square().mul(1 - this.rho)));
        value.assign(value.sub(step.mul(this.learningRate)));
      });
    });
    this.incrementIterations();
  }

  /** Release the running averages. */
  override dispose(): void {
    tf.dispose([...this.#grads, ...this.#updates].filter((v): v is tf.Variable => v != null));
    this.#grads = [];
    this.#updates = [];
  }

  /**
   * The running averages, for checkpoints.
   *
   * @returns The iteration count and both averages per variable.
   */
  override async getWeights(): Promise<NamedTensor[]> {
    const state = [...this.#grads, ...this.#updates].filter((v): v is tf.Variable => v != null);
    return [await this.saveIterations(), ...state.map((tensor) => ({ name: tensor.name, tensor }))];
  }

  /**
   * Restore the running averages saved by `getWeights`.
   *
   * @param weightValues The saved tensors.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const half = rest.length / 2;
    this.#grads = rest.slice(0, half).map((w) => w.tensor.variable(false));
    this.#updates = rest.slice(half).map((w) => w.tensor.variable(false));
  }

  /**
   * The hyperparameters.
   *
   * @returns learningRate, rho and epsilon.
   */
  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon };
  }
}
