/**
 * The gradients of `Relu` and `LeakyRelu` in one pass each. tfjs-core 4.22 computes them as
 * `dy · step(x)` (two kernels and two passes over the activation: the CNN's first layer is
 * `[128, 26, 26, 32]`, 11 MB, each way) and `where(x > 0, dy, dy·α)` (three kernels; `SelectV2`
 * alone was 5 % of a GAN's training in a V8 profile). On wasm with the suite's SIMD kernels they
 * run the `ReluGrad` and `LeakyReluGrad` kernels; elsewhere tfjs-core's formulas. ReLU's values
 * are the same except the sign of a zero (`dy · 0` keeps dy's sign) and where `x` is NaN (0 here,
 * NaN there); leaky ReLU's are the same bits, NaN included.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  GradConfig,
  KernelConfig,
  KernelFunc,
  LeakyReluAttrs,
  NamedAttrMap,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import { pointer, requireSimdKernels, type SimdExports } from "./_simd.ts";
import { simdKernelMode } from "./simd_kernels.ts";

/** The ReLU gradient kernel's name. */
export const RELU_GRAD = "ReluGrad";

/** The leaky ReLU gradient kernel's name. */
export const LEAKY_RELU_GRAD = "LeakyReluGrad";

/**
 * A wasm kernel `dx = f(x, dy)` over every float of `x`, by one export of the SIMD kernels:
 * `run(simd, x, dy, dx, count, attrs)` with heap pointers.
 */
function activationGradKernel<A>(
  kernelName: string,
  run: (simd: SimdExports, x: number, dy: number, dx: number, count: number, attrs: A) => void,
): KernelConfig {
  const kernelFunc = (
    args: { inputs: { dy: TensorInfo; x: TensorInfo }; backend: BackendWasm; attrs: A },
  ): TensorInfo => {
    const { inputs: { dy, x }, backend, attrs } = args;
    const simd = requireSimdKernels(backend, kernelName);
    const dx = backend.makeOutput(x.shape, "float32");
    const [xP, dyP, dxP] = [x, dy, dx].map((t) => pointer(backend, t));
    run(simd.exports, xP, dyP, dxP, tf.util.sizeFromShape(x.shape), attrs);
    return dx;
  };
  return { kernelName, backendName: "wasm", kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** The `ReluGrad` kernel's registration (wasm). */
export const reluGradKernelConfig: KernelConfig = activationGradKernel(
  RELU_GRAD,
  (simd, x, dy, dx, count) => simd.reluGrad(x, dy, dx, count),
);

/** The `LeakyReluGrad` kernel's registration (wasm). */
export const leakyReluGradKernelConfig: KernelConfig = activationGradKernel<LeakyReluAttrs>(
  LEAKY_RELU_GRAD,
  // tfjs-core multiplies by α as a float32 scalar.
  (simd, x, dy, dx, count, { alpha }) => simd.leakyReluGrad(x, dy, dx, count, Math.fround(alpha)),
);

/** Whether the active backend runs the gradient kernels for float32 `x` and `dy`. */
function useKernel(x: tf.Tensor, dy: tf.Tensor): boolean {
  return x.dtype === "float32" && dy.dtype === "float32" && simdKernelMode() !== "off";
}

/**
 * The gradient of `Relu` for every backend (registered by `registerWasmTrainingKernels`).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerGradient(reluGradConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const reluGradConfig: GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ["x"],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [x] = saved;
    const grad = dy as tf.Tensor;
    return {
      x: () =>
        useKernel(x, grad)
          ? tf.engine().runKernel(RELU_GRAD, { dy: grad, x }) as tf.Tensor
          : tf.mul(grad, tf.step(tf.cast(x, "float32"))),
    };
  },
};

/**
 * The gradient of `LeakyRelu` for every backend (registered by `registerWasmTrainingKernels`).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerGradient(leakyReluGradConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const leakyReluGradConfig: GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ["x"],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: NamedAttrMap) => {
    const [x] = saved;
    const grad = dy as tf.Tensor;
    const { alpha } = attrs as unknown as LeakyReluAttrs;
    return {
      x: () =>
        useKernel(x, grad)
          ? tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: grad, x }, { alpha }) as tf.Tensor
          : tf.where(tf.greater(x, 0), grad, tf.mul(grad, alpha)),
    };
  },
};
