import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { runNative } from "./_native.ts";

/**
 * `Identity` for the wasm backend without a copy: the result shares the input's data,
 * reference-counted, as the cpu backend's `Identity` and every backend's `Reshape` do (no kernel
 * writes into its inputs). 4.22's copies the data: ~2,400 copies per LSTM training step (gradient
 * accumulation, optimizer slots), ~8 % of the step.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(identityConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const identityConfig: KernelConfig = {
  kernelName: tf.Identity,
  backendName: "wasm",
  kernelFunc: identity as unknown as KernelFunc,
};

function identity(args: { inputs: { x: TensorInfo }; backend: BackendWasm }): TensorInfo {
  const { inputs: { x }, backend } = args;
  if (x.dtype === "string") return runNative("Identity", backend, { x });
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
