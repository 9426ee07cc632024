import * as tf from "@tensorflow/tfjs";
import { FUSED_ADAM, type FusedAdamAttrs, registerFusedAdam } from "../kernels/mod.ts";

/** The fields of tfjs-core's `AdamOptimizer` that its subclass reads (private in its types). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

const f32 = Math.fround;

/** What `applyGradients` takes: gradients by variable name, or `{ name, tensor }` pairs. */
type Gradients = Parameters<tf.AdamOptimizer["applyGradients"]>[0];

/** One saved optimizer weight, as `getWeights` gives and `setWeights` takes. */
type NamedTensor = { name: string; tensor: tf.Tensor };

/**
 * `tf.train.adam` with the update of all variables in one kernel call: where the backend has the
 * {@linkcode FUSED_ADAM} kernel (wasm and cpu, registered by `initBackend`), `applyGradients`
 * hands every variable's value, moments and gradient to it and assigns the results, instead of
 * tfjs-core's ~10 kernel calls per variable; elsewhere (webgpu) it runs tfjs-core's own update.
 * Same rule, constants and float32 rounding as `AdamOptimizer` 4.22 (ε added to √v̂, bias
 * corrections from β₁ᵗ and β₂ᵗ kept as float32 products), so the values, moments and losses
 * are the same bits; it is an `AdamOptimizer`, so `model.compile`, `getWeights` and `setWeights`
 * treat it as one.
 *
 * β₁ᵗ and β₂ᵗ are kept on the host (no kernel call, no read-back); the `accBeta` variables of
 * the parent class are written only when its own update runs or weights are set.
 *
 * @example
 * ```ts
 * const optimizer = new FusedAdam(1e-3, 0.9, 0.999, 1e-7);
 * model.compile({ optimizer, loss: "meanSquaredError" });
 * ```
 */
export class FusedAdam extends tf.AdamOptimizer {
  /** β₁ᵗ for the next step t, float32 as tfjs-core's `accBeta1`. */
  #power1: number;
  /** β₂ᵗ for the next step. */
  #power2: number;

  /**
   * @param learningRate Step size.
   * @param beta1 Decay of the first moment. @default 0.9
   * @param beta2 Decay of the second moment. @default 0.999
   * @param epsilon Added to √v̂. @default the backend's epsilon (1e-7 for float32)
   */
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number) {
    super(learningRate, beta1, beta2, epsilon);
    registerFusedAdam();
    this.#power1 = f32(beta1);
    this.#power2 = f32(beta2);
  }

  /** The tfjs-core state this class reads and writes. */
  get #adam(): AdamInternals {
    return this as unknown as AdamInternals;
  }

  /**
   * Update every variable named in `variableGradients` by one Adam step.
   *
   * @param variableGradients Gradients by variable name, or as `{ name, tensor }` pairs.
   */
  override applyGradients(variableGradients: Gradients): void {
    const adam = this.#adam;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    if (!tf.getKernel(FUSED_ADAM, tf.getBackend())) {
      // tfjs-core's update reads β₁ᵗ, β₂ᵗ from its variables and advances them.
      tf.tidy(() => {
        adam.accBeta1.assign(tf.scalar(this.#power1));
        adam.accBeta2.assign(tf.scalar(this.#power2));
      });
      super.applyGradients(variableGradients);
      this.#advance();
      return;
    }
    const registered = tf.engine().registeredVariables;
    const inputs: Record<string, tf.Tensor> = {};
    const targets: tf.Variable[][] = [];
    names.forEach((name, i) => {
      const value = registered[name];
      // Moments are indexed by position, as tfjs-core's, and created even without a gradient.
      adam.accumulatedFirstMoment[i] ??= {
        originalName: `${name}/m`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      adam.accumulatedSecondMoment[i] ??= {
        originalName: `${name}/v`,
        variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
      };
      const gradient = Array.isArray(variableGradients)
        ? variableGradients[i].tensor
        : (variableGradients as Record<string, tf.Tensor>)[name];
      if (gradient == null) return;
      const m = adam.accumulatedFirstMoment[i]!.variable;
      const v = adam.accumulatedSecondMoment[i]!.variable;
      const k = targets.length;
      inputs[`x${k}`] = value;
      inputs[`m${k}`] = m;
      inputs[`v${k}`] = v;
      inputs[`g${k}`] = gradient;
      targets.push([value, m, v]);
    });
    if (targets.length > 0) {
      const attrs: FusedAdamAttrs = {
        count: targets.length,
        beta1: adam.beta1,
        beta2: adam.beta2,
        epsilon: adam.epsilon,
        learningRate: adam.learningRate,
        accBeta1: this.#power1,
        accBeta2: this.#power2,
      };
      const outputs = tf.engine().runKernel(
        FUSED_ADAM,
        inputs as unknown as tf.NamedTensorMap,
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
      targets.forEach((variables, k) => {
        variables.forEach((variable, j) => variable.assign(outputs[3 * k + j]));
      });
      tf.dispose(outputs);
    }
    this.#advance();
    this.incrementIterations();
  }

  /** β₁ᵗ⁺¹ = β₁ᵗ·β₁ in float32, as tfjs-core's `accBeta1.assign(mul(accBeta1, beta1))`. */
  #advance(): void {
    this.#power1 = f32(this.#power1 * f32(this.#adam.beta1));
    this.#power2 = f32(this.#power2 * f32(this.#adam.beta2));
  }

  /**
   * Restore the iteration count and moments; β₁ᵗ and β₂ᵗ follow from the count, as in
   * tfjs-core.
   *
   * @param weightValues The iteration count, then the first and the second moments.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    await super.setWeights(weightValues);
    this.#power1 = (await this.#adam.accBeta1.data())[0];
    this.#power2 = (await this.#adam.accBeta2.data())[0];
  }

  /**
   * The whole state as plain arrays, for a training checkpoint: the iteration count, the moments
   * and β₁ᵗ, β₂ᵗ as the float32 running products they are (`setWeights` would recompute them as
   * powers, which need not be the same bits).
   *
   * @returns The state for {@linkcode FusedAdam.restoreState}.
   */
  async saveState(): Promise<FusedAdamState> {
    const [iterations, ...moments] = await this.getWeights();
    const count = (await iterations.tensor.data())[0];
    iterations.tensor.dispose(); // a new scalar; the moments are the optimizer's own variables
    return {
      iterations: count,
      moments: await Promise.all(moments.map(async ({ name, tensor }) => ({
        name,
        shape: tensor.shape,
        values: Float32Array.from(await tensor.data()),
      }))),
      power1: this.#power1,
      power2: this.#power2,
    };
  }

  /**
   * Continue from a saved state: the next step is the one the saved optimizer would have taken.
   * Call it on an optimizer that has not stepped yet.
   *
   * @param state From {@linkcode FusedAdam.saveState}.
   */
  async restoreState(state: FusedAdamState): Promise<void> {
    const weights = [
      { name: "iter", tensor: tf.scalar(state.iterations, "int32") },
      ...state.moments.map(({ name, shape, values }) => ({
        name,
        tensor: tf.tensor(values, shape),
      })),
    ];
    await this.setWeights(weights); // the moments' variables keep their own reference
    tf.dispose(weights.map((w) => w.tensor));
    this.#power1 = state.power1;
    this.#power2 = state.power2;
  }
}

/** A {@linkcode FusedAdam}'s state as plain arrays. */
export interface FusedAdamState {
  iterations: number;
  /** The first moments, then the second, in the optimizer's variable order. */
  moments: Array<{ name: string; shape: number[]; values: Float32Array }>;
  /** β₁ᵗ for the next step. */
  power1: number;
  /** β₂ᵗ for the next step. */
  power2: number;
}
