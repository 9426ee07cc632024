/**
 * Layer normalisation over the last axis as two wasm kernels, the forward pass
 * (`LayerNormRows`) and its gradient (`LayerNormRowsGrad`): the loops of the host path of
 * `lib/models/layer_norm_op.ts`, in float64 in the same order, so the same bits, on the backend's
 * heap without copies in or out. Registered for wasm by `registerWasmTrainingKernels` and used
 * where the suite's SIMD kernels run (`simdKernelMode() !== "off"`).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { pointer, requireSimdKernels, scratch } from "./_simd.ts";

/** The forward kernel's name. */
export const LAYER_NORM_ROWS = "LayerNormRows";
/** The gradient kernel's name. */
export const LAYER_NORM_ROWS_GRAD = "LayerNormRowsGrad";

/** Attributes of {@linkcode LAYER_NORM_ROWS}. */
export interface LayerNormRowsAttrs {
  /** Added to the variance. */
  epsilon: number;
}

/**
 * Inputs `x` `[…, dim]`, `gamma` and `beta` `[dim]`; outputs `y` and `normed` (x̂) shaped as `x`,
 * and `rstd`, 1/σ of each row as float64 held in a float32 tensor `[rows, 2]` (its bytes; only
 * {@linkcode LAYER_NORM_ROWS_GRAD} reads it).
 */
function layerNormRows(
  args: {
    inputs: { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
    backend: BackendWasm;
    attrs: LayerNormRowsAttrs;
  },
): TensorInfo[] {
  const { inputs: { x, gamma, beta }, backend, attrs } = args;
  const simd = requireSimdKernels(backend, LAYER_NORM_ROWS);
  const dim = x.shape[x.shape.length - 1];
  const rows = tf.util.sizeFromShape(x.shape) / dim;
  const y = backend.makeOutput(x.shape, "float32");
  const normed = backend.makeOutput(x.shape, "float32");
  const rstd = backend.makeOutput([rows, 2], "float32");
  simd.exports.layerNormForward(
    pointer(backend, x),
    pointer(backend, gamma),
    pointer(backend, beta),
    pointer(backend, y),
    pointer(backend, normed),
    pointer(backend, rstd),
    rows,
    dim,
    attrs.epsilon,
  );
  return [y, normed, rstd];
}

/** Inputs `dy`, and `normed`, `gamma` and `rstd` of the forward kernel; outputs dx, dγ, dβ. */
function layerNormRowsGrad(
  args: {
    inputs: { dy: TensorInfo; normed: TensorInfo; gamma: TensorInfo; rstd: TensorInfo };
    backend: BackendWasm;
  },
): TensorInfo[] {
  const { inputs: { dy, normed, gamma, rstd }, backend } = args;
  const simd = requireSimdKernels(backend, LAYER_NORM_ROWS_GRAD);
  const dim = dy.shape[dy.shape.length - 1];
  const rows = tf.util.sizeFromShape(dy.shape) / dim;
  const dx = backend.makeOutput(dy.shape, "float32");
  const dGamma = backend.makeOutput([dim], "float32");
  const dBeta = backend.makeOutput([dim], "float32");
  const block = scratch(backend, simd, 16 * dim);
  simd.exports.layerNormBackward(
    pointer(backend, dy),
    pointer(backend, normed),
    pointer(backend, gamma),
    pointer(backend, rstd),
    pointer(backend, dx),
    pointer(backend, dGamma),
    pointer(backend, dBeta),
    rows,
    dim,
    block,
  );
  return [dx, dGamma, dBeta];
}

/** The forward kernel's registration (wasm). */
export const layerNormRowsConfig: KernelConfig = {
  kernelName: LAYER_NORM_ROWS,
  backendName: "wasm",
  kernelFunc: layerNormRows as unknown as KernelFunc,
};

/** The gradient kernel's registration (wasm). */
export const layerNormRowsGradConfig: KernelConfig = {
  kernelName: LAYER_NORM_ROWS_GRAD,
  backendName: "wasm",
  kernelFunc: layerNormRowsGrad as unknown as KernelFunc,
};
