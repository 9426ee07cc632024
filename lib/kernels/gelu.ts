/**
 * The GELU and its slope as a wasm kernel, `GeluWithSlope`: the host loop of
 * `lib/models/gelu_op.ts` (its table interpolation, series and erfc, in float64) on the backend's
 * heap, without the loop's copies in and out. Its interpolation table comes as an attribute and
 * is copied to the heap once per backend. Registered for wasm by `registerWasmTrainingKernels`
 * and used where the suite's SIMD kernels run (`simdKernelMode() !== "off"`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { constantBlock, pointer, requireSimdKernels } from "./_simd.ts";

/** The kernel's name. */
export const GELU_WITH_SLOPE = "GeluWithSlope";

/** Attributes of {@linkcode GELU_WITH_SLOPE}. */
export interface GeluWithSlopeAttrs {
  /** Per interval of 1/64 on [−8, 8], G's and S's cubic coefficients (8 values). */
  table: Float64Array;
}

/** Input `x`; outputs GELU(x) and its slope, shaped as `x`. */
function geluWithSlope(
  args: { inputs: { x: TensorInfo }; backend: BackendWasm; attrs: GeluWithSlopeAttrs },
): TensorInfo[] {
  const { inputs: { x }, backend, attrs } = args;
  const simd = requireSimdKernels(backend, GELU_WITH_SLOPE);
  const y = backend.makeOutput(x.shape, "float32");
  const slope = backend.makeOutput(x.shape, "float32");
  simd.exports.geluWithSlope(
    pointer(backend, x),
    pointer(backend, y),
    pointer(backend, slope),
    tf.util.sizeFromShape(x.shape),
    constantBlock(backend, attrs.table),
  );
  return [y, slope];
}

/** The kernel's registration (wasm). */
export const geluWithSlopeConfig: KernelConfig = {
  kernelName: GELU_WITH_SLOPE,
  backendName: "wasm",
  kernelFunc: geluWithSlope as unknown as KernelFunc,
};
