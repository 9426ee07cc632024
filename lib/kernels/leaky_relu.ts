import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, LeakyReluAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { runNative } from "./_native.ts";
import { pointer, simdKernels } from "./_simd.ts";

/**
 * `LeakyRelu` for the wasm backend: with the suite's SIMD kernels, float32 inputs run four lanes at
 * a time (`asm/kernels.ts`, `leakyRelu`) by tfjs-backend-wasm's own rule `x < 0 ? α·x : x`, so the
 * bits are the same; 4.22's scalar loop took ~6 ns an element, 6 % of the DCGAN's training step
 * (`[64, 14, 14, 16]` activations). Other dtypes go to the native kernel.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(leakyReluConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const leakyReluConfig: KernelConfig = {
  kernelName: tf.LeakyRelu,
  backendName: "wasm",
  kernelFunc: leakyRelu as unknown as KernelFunc,
};

function leakyRelu(
  args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: LeakyReluAttrs },
): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  const simd = x.dtype === "float32" ? simdKernels(backend) : undefined;
  if (!simd) {
    return runNative("LeakyRelu", backend, { x }, attrs as unknown as Record<string, unknown>);
  }
  const y = backend.makeOutput(x.shape, "float32");
  const count = tf.util.sizeFromShape(x.shape);
  // The native kernel takes α as a C float.
  if (count > 0) {
    simd.exports.leakyRelu(
      pointer(backend, x),
      pointer(backend, y),
      count,
      Math.fround(attrs.alpha),
    );
  }
  return y;
}
