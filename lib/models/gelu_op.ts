/**
 * The exact (erf) GELU, `x·Φ(x)` (Hendrycks & Gimpel 2016; PyTorch's `nn.GELU()` default), as
 * one differentiable op with its own gradient.
 *
 * tfjs' `gelu` activation is five tensor ops (div, erf, add, mul, mul) and its gradient about as
 * many again, erf's on wasm among the slowest kernels of the ViT's step. Here, on wasm and cpu,
 * the forward pass is one loop that also keeps the derivative `Φ(x) + x·φ(x)`, and the gradient
 * is one product with it. Both are cubic Hermite interpolants of tables (`Math.exp` took
 * ~15–25 ns a call here, the whole interpolation a few).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { GELU_WITH_SLOPE } from "../kernels/gelu.ts";
import { simdKernelMode } from "../kernels/simd_kernels.ts";
import { defaultFusedPath, type FusedPath, readHost } from "./_host_data.ts";

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * `erfc(z)` for `z ≥ 0` (Numerical Recipes, 2nd ed., §6.2 `erfcc`, a Chebyshev fit): fractional
 * error below 1.2·10⁻⁷ for every `z`.
 */
function erfcNonNegative(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  const poly = -1.26551223 +
    t * (1.00002368 +
        t * (0.37409196 +
            t * (0.09678418 +
                t * (-0.18628806 +
                    t * (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(-z * z + poly);
}

/**
 * The standard normal CDF Φ(x), with relative error below 1.2·10⁻⁷ in both tails.
 *
 * @param x Any real.
 * @returns Φ(x).
 * @example
 * ```ts
 * normalCdf(1.96); // ≈ 0.975
 * ```
 */
export function normalCdf(x: number): number {
  const tail = 0.5 * erfcNonNegative(Math.abs(x) * INV_SQRT2); // Φ(−|x|)
  return x < 0 ? tail : 1 - tail;
}

function normalDensity(x: number): number {
  return Math.exp(-0.5 * x * x) * INV_SQRT_2PI;
}

// Tables on [−8, 8] in steps of 1/64 of GELU G = x·Φ, its slope S = Φ + x·φ and S' = (2 − x²)·φ,
// interpolated by cubic Hermite polynomials: absolute error below h⁴/384·max|f⁗| ≈ 5·10⁻¹⁰, and
// relative error below 1.2·10⁻⁷ on [−5, 8] (measured). Below −5, where G is under 1.5·10⁻⁶ and
// the relative error of the interpolants grows, G and S come from Φ directly (few elements);
// near 0, where interpolating in t loses the digits of small x, from Φ's Taylor series; beyond 8,
// G = x and S = 1 in float32.
const TAIL = -5;
const NEAR_ZERO = 1 / 64;
const LIMIT = 8;
const STEPS_PER_UNIT = 64;
const H = 1 / STEPS_PER_UNIT;
const NODES = 2 * LIMIT * STEPS_PER_UNIT + 1;
// Per interval the cubics of G and S in t ∈ [0, 1), four coefficients each, interleaved.
const CUBICS = hermiteCubics();

function buildTables() {
  // Φ at the nodes: Φ(−8) from erfc, then φ integrated node to node by 5-point Gauss–Legendre
  // (exact to double rounding at this step), the upper half by Φ(x) = 1 − Φ(−x).
  const gaussX = [
    -0.906179845938664,
    -0.5384693101056831,
    0,
    0.5384693101056831,
    0.906179845938664,
  ];
  const gaussW = [
    0.2369268850561891,
    0.4786286704993665,
    0.5688888888888889,
    0.4786286704993665,
    0.2369268850561891,
  ];
  const half = LIMIT * STEPS_PER_UNIT;
  const cdf = new Float64Array(NODES);
  cdf[0] = normalCdf(-LIMIT);
  for (let i = 1; i <= half; i++) {
    const mid = -LIMIT + (i - 0.5) * H;
    let area = 0;
    for (let k = 0; k < 5; k++) area += gaussW[k] * normalDensity(mid + 0.5 * H * gaussX[k]);
    cdf[i] = cdf[i - 1] + 0.5 * H * area;
  }
  cdf[half] = 0.5;
  for (let i = half + 1; i < NODES; i++) cdf[i] = 1 - cdf[NODES - 1 - i];
  const geluTable = new Float64Array(NODES);
  const slopeTable = new Float64Array(NODES);
  const curvatureTable = new Float64Array(NODES);
  for (let i = 0; i < NODES; i++) {
    const x = -LIMIT + i * H;
    const density = normalDensity(x);
    geluTable[i] = x * cdf[i];
    slopeTable[i] = cdf[i] + x * density;
    curvatureTable[i] = (2 - x * x) * density;
  }
  return { geluTable, slopeTable, curvatureTable };
}

function hermiteCubics(): Float64Array {
  const { geluTable, slopeTable, curvatureTable } = buildTables();
  const cubics = new Float64Array(8 * (NODES - 1));
  const put = (at: number, values: Float64Array, slopes: Float64Array, k: number) => {
    const [p0, p1, m0, m1] = [values[k], values[k + 1], H * slopes[k], H * slopes[k + 1]];
    cubics[at] = p0;
    cubics[at + 1] = m0;
    cubics[at + 2] = 3 * (p1 - p0) - 2 * m0 - m1;
    cubics[at + 3] = 2 * (p0 - p1) + m0 + m1;
  };
  for (let k = 0; k < NODES - 1; k++) {
    put(8 * k, geluTable, slopeTable, k);
    put(8 * k + 4, slopeTable, curvatureTable, k);
  }
  return cubics;
}

/**
 * GELU `x·Φ(x)` with the exact normal CDF.
 *
 * @param x Any tensor of float32.
 * @param path `host` (a loop over host data; wasm and cpu) or `ops` (tfjs' formula, any
 *   backend); default `host` where the backend allows it.
 * @returns GELU of `x`, same shape; differentiable.
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * gelu(tf.tensor1d([-1, 0, 1])).dataSync(); // ≈ [-0.1587, 0, 0.8413]
 * ```
 */
export function gelu(x: tf.Tensor, path: FusedPath = defaultFusedPath()): tf.Tensor {
  return path === "host" ? geluHost(x) : geluOps(x);
}

/** tfjs' `gelu` activation: `0.5·x·(1 + erf(x/√2))`, differentiated by the tape. */
export function geluOps(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))))));
}

/** GELU and its slope of every element of `xs`, into `y` and `slope`. */
export function geluWithSlope(xs: Float32Array, y: Float32Array, slope: Float32Array): void {
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (v >= LIMIT) {
      y[i] = v;
      slope[i] = 1;
    } else if (v > -NEAR_ZERO && v < NEAR_ZERO) {
      // Φ(x) = 1/2 + φ(0)·(x − x³/6 + x⁵/40 − x⁷/336 + …), φ(x) = φ(0)·e^(−x²/2); the first
      // omitted terms are below 10⁻¹⁶ of the sums here.
      const x2 = v * v;
      const cdf = 0.5 + INV_SQRT_2PI * v * (1 - x2 / 6 * (1 - x2 / 20 * (1 - x2 * 5 / 42)));
      const density = INV_SQRT_2PI * (1 - x2 / 2 * (1 - x2 / 4 * (1 - x2 / 6)));
      y[i] = v * cdf;
      slope[i] = cdf + v * density;
    } else if (v > TAIL) {
      const u = (v + LIMIT) * STEPS_PER_UNIT;
      const k = u | 0; // u > 0
      const t = u - k;
      const c = 8 * k;
      y[i] = CUBICS[c] + t * (CUBICS[c + 1] + t * (CUBICS[c + 2] + t * CUBICS[c + 3]));
      slope[i] = CUBICS[c + 4] + t * (CUBICS[c + 5] + t * (CUBICS[c + 6] + t * CUBICS[c + 7]));
    } else {
      const cdf = normalCdf(v);
      y[i] = v * cdf;
      slope[i] = cdf + v * normalDensity(v);
    }
  }
}

const geluHost = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  if (simdKernelMode() !== "off") {
    // The same loop as a wasm kernel on the backend's heap.
    const [value, slope] = tf.engine().runKernel(
      GELU_WITH_SLOPE,
      { x },
      { table: CUBICS } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor[];
    save([slope]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, [derivative]: tf.Tensor[]) => tf.mul(dy, derivative),
    };
  }
  const xs = readHost(x);
  const y = new Float32Array(xs.length);
  const slope = new Float32Array(xs.length);
  geluWithSlope(xs, y, slope);
  // The slope as a tensor: the gradient is then one backend product.
  save([tf.tensor(slope, x.shape)]);
  return {
    value: tf.tensor(y, x.shape),
    gradFunc: (dy: tf.Tensor, [derivative]: tf.Tensor[]) => tf.mul(dy, derivative),
  };
}) as (x: tf.Tensor) => tf.Tensor;
