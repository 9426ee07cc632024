/**
 * Layer normalisation over the last axis (Ba et al. 2016) as one differentiable op with its own
 * gradient.
 *
 * Written as tensor ops, a normalisation records about 20 kernels on the tape (moments, the
 * broadcasts, rsqrt) and about as many again in its gradient; the ViT's training step has five.
 * Here, on wasm and cpu, the forward pass and the gradient are each one loop over the rows,
 * keeping the normalised values and the reciprocal deviations on the host between the two.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { LAYER_NORM_ROWS, LAYER_NORM_ROWS_GRAD } from "../kernels/layer_norm.ts";
import { simdKernelMode } from "../kernels/simd_kernels.ts";
import { defaultFusedPath, type FusedPath, readHost } from "./_host_data.ts";

/**
 * `(x − mean) / √(var + ε) · γ + β` over the last axis of `x`, with the biased variance (as
 * PyTorch's `nn.LayerNorm` and Keras' `LayerNormalization`).
 *
 * @param x Input `[..., dim]`.
 * @param gamma Scale `[dim]`.
 * @param beta Shift `[dim]`.
 * @param epsilon Added to the variance.
 * @param path `host` (loops over host data; wasm and cpu) or `ops` (tensor ops, any backend);
 *   default `host` where the backend allows it.
 * @returns The normalised `x`, same shape; differentiable in `x`, `gamma` and `beta`.
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * layerNorm(tf.tensor2d([[1, 2, 3]]), tf.ones([3]), tf.zeros([3]), 1e-5).dataSync();
 * // ≈ [-1.2247, 0, 1.2247]
 * ```
 */
export function layerNorm(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  path: FusedPath = defaultFusedPath(),
): tf.Tensor {
  const dim = x.shape[x.shape.length - 1];
  if (gamma.shape[0] !== dim || beta.shape[0] !== dim) {
    throw new RangeError(
      `γ and β must have the last axis' ${dim} values: got [${gamma.shape}] and [${beta.shape}]`,
    );
  }
  return path === "host"
    ? layerNormHost(epsilon)(x, gamma, beta)
    : layerNormOps(x, gamma, beta, epsilon);
}

/** The formula in tensor ops, differentiated by the tape. */
export function layerNormOps(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
    return tf.add(tf.mul(normed, gamma), beta);
  });
}

// One op per ε, made on first use (customGrad's function takes tensors only).
type HostOp = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.Tensor;
const hostOps = new Map<number, HostOp>();

function layerNormHost(epsilon: number): HostOp {
  let op = hostOps.get(epsilon);
  if (!op) {
    op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [x, gamma, beta] = args as tf.Tensor[];
      const save = args[3] as tf.GradSaveFunc;
      return simdKernelMode() !== "off"
        ? layerNormKernels(x, gamma, beta, epsilon, save)
        : layerNormForward(x, gamma, beta, epsilon);
    });
    hostOps.set(epsilon, op);
  }
  return op;
}

/** The forward loop; the gradient keeps x̂ and 1/σ of every row from it. */
/**
 * The host path's loops as wasm kernels on the backend's heap (`lib/kernels/layer_norm.ts`: the
 * same float64 arithmetic in the same order, so the same values, without copying in and out).
 */
function layerNormKernels(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  epsilon: number,
  save: tf.GradSaveFunc,
) {
  const [value, normed, rstd] = tf.engine().runKernel(
    LAYER_NORM_ROWS,
    { x, gamma, beta },
    { epsilon } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor[];
  save([normed, gamma, rstd]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, [normed, gamma, rstd]: tf.Tensor[]) =>
      tf.engine().runKernel(LAYER_NORM_ROWS_GRAD, { dy, normed, gamma, rstd }) as tf.Tensor[],
  };
}

function layerNormForward(x: tf.Tensor, gammaT: tf.Tensor, betaT: tf.Tensor, epsilon: number) {
  const dim = x.shape[x.shape.length - 1];
  const shape = x.shape;
  // Copies of γ and β (heap views would be detached by the allocations below).
  const gamma = readHost(gammaT).slice();
  const beta = readHost(betaT).slice();
  const xs = readHost(x);
  const rows = xs.length / dim;
  const normed = new Float32Array(xs.length);
  const y = new Float32Array(xs.length);
  const inverseStd = new Float64Array(rows);
  for (let r = 0, o = 0; r < rows; r++, o += dim) {
    // One pass for both moments: in double, E[x²] − mean² loses nothing float32 would keep.
    let sum = 0;
    let squares = 0;
    for (let j = 0; j < dim; j++) {
      const v = xs[o + j];
      sum += v;
      squares += v * v;
    }
    const mean = sum / dim;
    const variance = Math.max(squares / dim - mean * mean, 0);
    const rstd = 1 / Math.sqrt(variance + epsilon);
    inverseStd[r] = rstd;
    for (let j = 0; j < dim; j++) {
      const n = (xs[o + j] - mean) * rstd;
      normed[o + j] = n;
      y[o + j] = n * gamma[j] + beta[j];
    }
  }
  return {
    value: tf.tensor(y, shape),
    gradFunc: (dyT: tf.Tensor) => {
      const dy = readHost(dyT);
      const dx = new Float32Array(dy.length);
      const dGamma = new Float64Array(dim);
      const dBeta = new Float64Array(dim);
      for (let r = 0, o = 0; r < rows; r++, o += dim) {
        // dx = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ, the gradient of x̂.
        let sumG = 0;
        let sumGn = 0;
        for (let j = 0; j < dim; j++) {
          const d = dy[o + j];
          const n = normed[o + j];
          const g = d * gamma[j];
          sumG += g;
          sumGn += g * n;
          dGamma[j] += d * n;
          dBeta[j] += d;
        }
        const meanG = sumG / dim;
        const meanGn = sumGn / dim;
        const rstd = inverseStd[r];
        for (let j = 0; j < dim; j++) {
          dx[o + j] = rstd * (dy[o + j] * gamma[j] - meanG - normed[o + j] * meanGn);
        }
      }
      return [
        tf.tensor(dx, shape),
        tf.tensor1d(Float32Array.from(dGamma)),
        tf.tensor1d(Float32Array.from(dBeta)),
      ];
    },
  };
}
