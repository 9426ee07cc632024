import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { pointer, simdKernels } from "./_simd.ts";

/** The name the fused Adam kernel is registered under (wasm and cpu). */
export const FUSED_ADAM = "FusedAdam";

/**
 * Attributes of the {@linkcode FUSED_ADAM} kernel: Adam's constants and the bias corrections of
 * this step. Every value is rounded to float32 by the kernel, as tfjs-core's scalars are.
 */
export interface FusedAdamAttrs {
  /** Number of variables; the inputs are `x0, m0, v0, g0, x1, …`. */
  count: number;
  /** Decay of the first moment (β₁). */
  beta1: number;
  /** Decay of the second moment (β₂). */
  beta2: number;
  /** Added to √v̂ in the denominator. */
  epsilon: number;
  /** Step size. */
  learningRate: number;
  /** β₁ to the power of this step (t ≥ 1), as tfjs-core's float32 `accBeta1` holds it. */
  accBeta1: number;
  /** β₂ to the power of this step. */
  accBeta2: number;
}

const f32 = Math.fround;

/** The step's constants rounded to float32 as tfjs-core's scalars are. */
function adamConstants(attrs: FusedAdamAttrs) {
  return {
    b1: f32(attrs.beta1),
    b2: f32(attrs.beta2),
    oneMinusB1: f32(1 - attrs.beta1), // tfjs-core: mul(g, 1 - beta1) in double, then float32
    oneMinusB2: f32(1 - attrs.beta2),
    c1: f32(1 - f32(attrs.accBeta1)), // sub(1, accBeta1) in float32
    c2: f32(1 - f32(attrs.accBeta2)),
    eps: f32(attrs.epsilon),
    negLr: f32(-attrs.learningRate),
  };
}

/**
 * One Adam step of `n` values in place of tfjs-core's `AdamOptimizer.applyGradients` op chain,
 * with its float32 rounding at every step, so the results are the same bits: for each element
 * `m' = β₁m + (1−β₁)g`, `v' = β₂v + (1−β₂)g²`, `x' = x − lr · (m'/(1−β₁ᵗ)) / (√(v'/(1−β₂ᵗ)) + ε)`.
 * (A double product or sum of two float32 values rounded once to float32 equals the float32
 * operation, and so does a double quotient or square root.)
 */
function adamStep(
  src: { x: Float32Array; m: Float32Array; v: Float32Array; g: Float32Array },
  dst: { x: Float32Array; m: Float32Array; v: Float32Array },
  attrs: FusedAdamAttrs,
): void {
  const { b1, b2, oneMinusB1, oneMinusB2, c1, c2, eps, negLr } = adamConstants(attrs);
  const { x, m, v, g } = src;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i];
    const mi = f32(f32(m[i] * b1) + f32(gi * oneMinusB1));
    const vi = f32(f32(v[i] * b2) + f32(f32(gi * gi) * oneMinusB2));
    const mHat = f32(mi / c1);
    const vHat = f32(vi / c2);
    const step = f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + eps)) * negLr);
    dst.m[i] = mi;
    dst.v[i] = vi;
    dst.x[i] = step + x[i]; // stored as float32: one rounding
  }
}

function checkInputs(inputs: Record<string, TensorInfo>, count: number): void {
  for (let i = 0; i < count; i++) {
    const x = inputs[`x${i}`];
    for (const key of ["m", "v", "g"]) {
      const t = inputs[`${key}${i}`];
      if (!x || !t || t.dtype !== "float32" || x.dtype !== "float32") {
        throw new Error(`FusedAdam expects float32 inputs x${i}, m${i}, v${i}, g${i}`);
      }
      if (t.shape.join(",") !== x.shape.join(",")) {
        throw new Error(
          `FusedAdam expects ${key}${i} of shape [${x.shape}] like x${i}: got [${t.shape}]`,
        );
      }
    }
  }
}

function fusedAdamWasm(
  args: { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs: FusedAdamAttrs },
): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  checkInputs(inputs, attrs.count);
  const outputs: TensorInfo[] = [];
  for (let i = 0; i < attrs.count; i++) {
    const shape = inputs[`x${i}`].shape;
    outputs.push(
      backend.makeOutput(shape, "float32"),
      backend.makeOutput(shape, "float32"),
      backend.makeOutput(shape, "float32"),
    );
  }
  const simd = simdKernels(backend);
  if (simd) {
    const c = adamConstants(attrs);
    const at = (t: TensorInfo) => pointer(backend, t);
    for (let i = 0; i < attrs.count; i++) {
      const x = inputs[`x${i}`];
      simd.exports.adamStep(
        at(x),
        at(inputs[`m${i}`]),
        at(inputs[`v${i}`]),
        at(inputs[`g${i}`]),
        at(outputs[3 * i]),
        at(outputs[3 * i + 1]),
        at(outputs[3 * i + 2]),
        tf.util.sizeFromShape(x.shape),
        c.b1,
        c.b2,
        c.oneMinusB1,
        c.oneMinusB2,
        c.c1,
        c.c2,
        c.eps,
        c.negLr,
      );
    }
    return outputs;
  }
  // Without the SIMD kernels (ANNDL_SIMD=off), the same loop over views of the heap; views after
  // every allocation: growing the heap detaches older ones.
  const view = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  for (let i = 0; i < attrs.count; i++) {
    adamStep(
      {
        x: view(inputs[`x${i}`]),
        m: view(inputs[`m${i}`]),
        v: view(inputs[`v${i}`]),
        g: view(inputs[`g${i}`]),
      },
      { x: view(outputs[3 * i]), m: view(outputs[3 * i + 1]), v: view(outputs[3 * i + 2]) },
      attrs,
    );
  }
  return outputs;
}

/** The cpu backend's data as the kernel sees it (its `data` store is not in the public types). */
interface CpuBackend {
  data: { get(dataId: unknown): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: "float32", values: Float32Array): TensorInfo;
}

function fusedAdamCpu(
  args: { inputs: Record<string, TensorInfo>; backend: CpuBackend; attrs: FusedAdamAttrs },
): TensorInfo[] {
  const { inputs, backend, attrs } = args;
  checkInputs(inputs, attrs.count);
  const outputs: TensorInfo[] = [];
  const read = (t: TensorInfo) => backend.data.get(t.dataId).values;
  for (let i = 0; i < attrs.count; i++) {
    const shape = inputs[`x${i}`].shape;
    const size = tf.util.sizeFromShape(shape);
    const dst = { x: new Float32Array(size), m: new Float32Array(size), v: new Float32Array(size) };
    adamStep(
      {
        x: read(inputs[`x${i}`]),
        m: read(inputs[`m${i}`]),
        v: read(inputs[`v${i}`]),
        g: read(inputs[`g${i}`]),
      },
      dst,
      attrs,
    );
    outputs.push(
      backend.makeTensorInfo(shape, "float32", dst.x),
      backend.makeTensorInfo(shape, "float32", dst.m),
      backend.makeTensorInfo(shape, "float32", dst.v),
    );
  }
  return outputs;
}

/**
 * The fused Adam kernel for the wasm backend: one call updates every variable's value, first and
 * second moment in one pass over the wasm heap (the suite's SIMD kernel `adamStep`, four lanes at
 * a time, or the host loop when they are off), with the same float32 results as
 * tfjs-core's `AdamOptimizer` (~10 kernel calls per variable). Inputs `x{i}, m{i}, v{i}, g{i}`
 * for `i < count`; outputs `[x'₀, m'₀, v'₀, x'₁, …]`. Used by `FusedAdam` in `lib/optimizers/`.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(fusedAdamWasmConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const fusedAdamWasmConfig: KernelConfig = {
  kernelName: FUSED_ADAM,
  backendName: "wasm",
  kernelFunc: fusedAdamWasm as unknown as KernelFunc,
};

/**
 * The fused Adam kernel for the cpu backend: the same loop over the backend's typed arrays (the
 * oracle the wasm kernel is tested against).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(fusedAdamCpuConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const fusedAdamCpuConfig: KernelConfig = {
  kernelName: FUSED_ADAM,
  backendName: "cpu",
  kernelFunc: fusedAdamCpu as unknown as KernelFunc,
};

/**
 * Register the {@linkcode FUSED_ADAM} kernel for wasm and cpu (idempotent; `FusedAdam` calls it
 * when built, so it serves whichever backend starts when). Other backends have none, and
 * `FusedAdam` runs tfjs-core's update there.
 *
 * @returns The backends registered by this call (empty when already registered).
 * @example
 * ```ts
 * registerFusedAdam(); // ["wasm", "cpu"] the first time
 * registerFusedAdam(); // []
 * ```
 */
export function registerFusedAdam(): string[] {
  const registered: string[] = [];
  for (const config of [fusedAdamWasmConfig, fusedAdamCpuConfig]) {
    const current = tf.getKernel(config.kernelName, config.backendName);
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
    registered.push(config.backendName);
  }
  return registered;
}
