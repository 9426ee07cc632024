/**
 * The gradient of `LeakyRelu` in one pass: `dy` where `x > 0`, else `dy·α`. tfjs-core 4.22
 * computes it as `where(x > 0, dy, dy·α)`, three kernels and three passes (`Greater`, `Multiply`,
 * `SelectV2`, the last 5 % of a GAN's training in a V8 profile). On wasm with the suite's SIMD
 * kernels the gradient runs the `LeakyReluGrad` kernel; elsewhere tfjs-core's formula. The values
 * are the same bits, NaN in `x` included.
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
import { pointer, requireSimdKernels } from "./_simd.ts";
import { simdKernelMode } from "./simd_kernels.ts";

/** The kernel's name. */
export const LEAKY_RELU_GRAD = "LeakyReluGrad";

function leakyReluGradWasm(
  args: { inputs: { dy: TensorInfo; x: TensorInfo }; backend: BackendWasm; attrs: LeakyReluAttrs },
): TensorInfo {
  const { inputs: { dy, x }, backend, attrs } = args;
  const simd = requireSimdKernels(backend, LEAKY_RELU_GRAD);
  const dx = backend.makeOutput(x.shape, "float32");
  simd.exports.leakyReluGrad(
    pointer(backend, x),
    pointer(backend, dy),
    pointer(backend, dx),
    tf.util.sizeFromShape(x.shape),
    Math.fround(attrs.alpha), // tfjs-core multiplies by α as a float32 scalar
  );
  return dx;
}

/** The `LeakyReluGrad` kernel's registration (wasm). */
export const leakyReluGradKernelConfig: KernelConfig = {
  kernelName: LEAKY_RELU_GRAD,
  backendName: "wasm",
  kernelFunc: leakyReluGradWasm as unknown as KernelFunc,
};

/** Whether the active backend runs `LeakyReluGrad` for float32 `x` and `dy`. */
function useKernel(x: tf.Tensor, dy: tf.Tensor): boolean {
  return x.dtype === "float32" && dy.dtype === "float32" && simdKernelMode() !== "off";
}

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
          ? tf.engine().runKernel(
            LEAKY_RELU_GRAD,
            { dy: grad, x },
            { alpha } as unknown as NamedAttrMap,
          ) as tf.Tensor
          : tf.where(tf.greater(x, 0), grad, tf.mul(grad, alpha)),
    };
  },
};
