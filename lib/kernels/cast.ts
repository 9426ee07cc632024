import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { CastAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { release, runNative } from "./_native.ts";

/**
 * `Cast` for the wasm backend without a copy when the dtype does not change: the result shares
 * the input's data, reference-counted, as {@linkcode identityConfig} does. tfjs-core's `Mul`
 * gradient casts both operands to float32 whether or not they are already, so an LSTM(100)
 * training step over 50 steps made ~450 float32 → float32 copies.
 *
 * A cast to bool runs as `x ≠ 0`: 4.22's kernel truncates the float bits to a byte (0.5 → 0,
 * −1 → 255, 2 → 2), unlike the cpu backend and TensorFlow. Other casts go to 4.22's kernel.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(castConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const castConfig: KernelConfig = {
  kernelName: tf.Cast,
  backendName: "wasm",
  kernelFunc: cast as unknown as KernelFunc,
};

function cast(
  args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: CastAttrs },
): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  if (x.dtype !== attrs.dtype || x.dtype === "string" || x.dtype === "complex64") {
    if (attrs.dtype === "bool" && (x.dtype === "float32" || x.dtype === "int32")) {
      const zero = backend.makeOutput([], x.dtype);
      backend.typedArrayFromHeap(zero).fill(0);
      const out = runNative("NotEqual", backend, { a: x, b: zero });
      release(backend, zero);
      return out;
    }
    return runNative("Cast", backend, { x }, attrs as unknown as Record<string, unknown>);
  }
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
