/**
 * The gradient of `Relu` in one pass: `dy` where `x > 0`, else 0. tfjs-core 4.22 computes it as
 * `dy · step(x)`, two kernels and two passes over the activation (the CNN's first layer:
 * `[128, 26, 26, 32]`, 11 MB, each way). On wasm with the suite's SIMD kernels the gradient runs
 * the `ReluGrad` kernel; elsewhere tfjs-core's formula. The values are the same except the sign of
 * a zero (`dy · 0` keeps dy's sign) and where `x` is NaN (0 here, NaN there).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { GradConfig, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { pointer, requireSimdKernels } from "./_simd.ts";
import { simdKernelMode } from "./simd_kernels.ts";

/** The kernel's name. */
export const RELU_GRAD = "ReluGrad";

function reluGradWasm(
  args: { inputs: { dy: TensorInfo; x: TensorInfo }; backend: BackendWasm },
): TensorInfo {
  const { inputs: { dy, x }, backend } = args;
  const simd = requireSimdKernels(backend, RELU_GRAD);
  const dx = backend.makeOutput(x.shape, "float32");
  simd.exports.reluGrad(
    pointer(backend, x),
    pointer(backend, dy),
    pointer(backend, dx),
    tf.util.sizeFromShape(x.shape),
  );
  return dx;
}

/** The `ReluGrad` kernel's registration (wasm). */
export const reluGradKernelConfig: KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: "wasm",
  kernelFunc: reluGradWasm as unknown as KernelFunc,
};

/** Whether the active backend runs `ReluGrad` for float32 `x` and `dy`. */
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
