import * as tf from "@tensorflow/tfjs";
import type { LbfgsProblem } from "./lbfgs.ts";

/**
 * Flatten TF.js variables into one float64 vector for {@linkcode Lbfgs}: `get` concatenates the
 * variables in order, `set` writes slices back with their shapes, and `evaluate` differentiates
 * the loss with respect to all of them, as PyTorch's LBFGS does with `_gather_flat_grad`. Values
 * are read with `await data()`: a synchronous read fails on webgpu under Deno.
 *
 * @param variables The trainable variables, e.g. `model.trainableWeights.map((w) => w.read())`.
 * @param loss A function computing a scalar loss from the current variable values.
 * @returns The problem; its `size` is the total number of entries.
 * @example
 * ```ts
 * const w = tf.variable(tf.tensor1d([0, 0]));
 * const problem = variablesProblem([w], () => w.sub(tf.tensor1d([1, 2])).square().sum());
 * await new Lbfgs({ lineSearch: "strong_wolfe" }).step(problem);
 * await w.data(); // ≈ [1, 2]
 * ```
 */
export function variablesProblem(
  variables: tf.Variable[],
  loss: () => tf.Scalar,
): LbfgsProblem {
  const sizes = variables.map((v) => v.size);
  const size = sizes.reduce((a, b) => a + b, 0);
  const flatten = async (tensors: tf.Tensor[]): Promise<Float64Array> => {
    const out = new Float64Array(size);
    let offset = 0;
    for (const tensor of tensors) {
      out.set(await tensor.data() as Float32Array, offset);
      offset += tensor.size;
    }
    return out;
  };
  return {
    size,
    get: () => flatten(variables),
    set(x: Float64Array) {
      if (x.length !== size) {
        throw new RangeError(`Parameter vector must have length ${size}: got ${x.length}`);
      }
      let offset = 0;
      variables.forEach((variable, i) => {
        const slice = Float32Array.from(x.subarray(offset, offset + sizes[i]));
        tf.tidy(() => variable.assign(tf.tensor(slice, variable.shape)));
        offset += sizes[i];
      });
    },
    async evaluate() {
      const { value, grads } = tf.variableGrads(loss, variables);
      const ordered = variables.map((v) => grads[v.name]);
      try {
        return { loss: (await value.data())[0], grad: await flatten(ordered) };
      } finally {
        tf.dispose([value, ...ordered]);
      }
    },
  };
}
