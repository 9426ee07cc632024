import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, SumAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { runNative } from "./_native.ts";
import { pointer, scratch, simdKernels } from "./_simd.ts";

/**
 * `Sum` for the wasm backend when it reduces leading axes, e.g. a conv layer's bias gradient
 * `[batch, 26, 26, 32]` → `[32]`: 4.22's kernel first transposes the whole input to put the
 * reduced axes last. Here the rows `[outer, inner]` are added into a float64 accumulator in one
 * pass in memory order: by the suite's SIMD kernel (`sumRows`, float64 lanes) where it is on, else
 * a JavaScript loop, with the same sums either way. Other axes and dtypes keep the native kernel.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(sumConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const sumConfig: KernelConfig = {
  kernelName: tf.Sum,
  backendName: "wasm",
  kernelFunc: sum as unknown as KernelFunc,
};

function sum(
  args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: SumAttrs },
): TensorInfo {
  const { inputs: { x }, backend, attrs } = args;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== "float32") {
    return runNative("Sum", backend, { x }, attrs as unknown as Record<string, unknown>);
  }
  const kept = x.shape.slice(axes.length);
  const inner = kept.reduce((p, d) => p * d, 1);
  const outer = x.shape.slice(0, axes.length).reduce((p, d) => p * d, 1);
  const outShape = attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const out = backend.makeOutput(outShape, "float32");
  const simd = simdKernels(backend);
  if (simd) {
    const block = scratch(backend, simd, 8 * inner);
    simd.exports.sumRows(pointer(backend, x), pointer(backend, out), outer, inner, block);
    return out;
  }
  // Views after the allocation: growing the heap detaches older ones.
  const dst = backend.typedArrayFromHeap(out) as Float32Array;
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(inner);
  for (let r = 0, at = 0; r < outer; r++, at += inner) {
    for (let j = 0; j < inner; j++) acc[j] += src[at + j];
  }
  dst.set(acc);
  return out;
}
