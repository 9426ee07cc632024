/**
 * Calls into the wasm backend's own kernels from inside a kernel, without the gradient tape.
 *
 * A kernel registered here computes its result from other wasm kernels: calling a high-level op
 * would record on the tape and allocate engine tensors, so it calls the kernel functions directly
 * and frees each intermediate with `backend.disposeData`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";

/** The wasm backend's kernels that this folder replaces, saved before they are unregistered. */
const replaced = new Map<string, KernelConfig>();

/**
 * Remember the kernel registered now under `name` for the wasm backend (first call only).
 *
 * @param name The kernel name, e.g. `BatchMatMul`.
 * @returns The saved configuration, or undefined when none was registered.
 */
export function saveNativeKernel(name: string): KernelConfig | undefined {
  if (!replaced.has(name)) {
    const config = tf.getKernel(name, "wasm");
    if (config) replaced.set(name, config);
  }
  return replaced.get(name);
}

/**
 * Run the wasm backend's own kernel `name` (the saved one when this folder replaced it).
 *
 * @param name The kernel name.
 * @param backend The wasm backend instance the calling kernel received.
 * @param inputs The kernel inputs by name.
 * @param attrs The kernel attributes.
 * @returns The kernel's single output; the caller disposes it with `backend.disposeData`.
 */
export function runNative(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: Record<string, unknown> = {},
): TensorInfo {
  const config = replaced.get(name) ?? tf.getKernel(name, "wasm");
  if (!config) throw new Error(`Kernel ${name} is not registered for the wasm backend`);
  const out = config.kernelFunc({ inputs, backend, attrs: attrs as NamedAttrMap });
  if (Array.isArray(out)) {
    throw new Error(`Kernel ${name} returned ${out.length} outputs: expected one`);
  }
  return out;
}

/**
 * Free intermediate results of {@linkcode runNative}.
 *
 * @param backend The wasm backend instance.
 * @param infos The tensors to free; the same one may appear once only.
 */
export function release(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/**
 * Reshape without copying: the result shares the data (reference-counted) and is freed like any
 * intermediate.
 *
 * @param backend The wasm backend instance.
 * @param x The tensor to view.
 * @param shape The new shape, same size.
 * @returns The view.
 */
export function reshape(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return runNative("Reshape", backend, { x }, { shape });
}

/**
 * Transpose with the wasm kernel.
 *
 * @param backend The wasm backend instance.
 * @param x The tensor.
 * @param perm The axis permutation.
 * @returns The transposed copy.
 */
export function transpose(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return runNative("Transpose", backend, { x }, { perm });
}

/**
 * Slice with the wasm kernel.
 *
 * @param backend The wasm backend instance.
 * @param x The tensor.
 * @param begin The start index per axis.
 * @param size The length per axis.
 * @returns The slice (a copy).
 */
export function slice(
  backend: BackendWasm,
  x: TensorInfo,
  begin: number[],
  size: number[],
): TensorInfo {
  return runNative("Slice", backend, { x }, { begin, size });
}

/**
 * Constant padding with the wasm kernel.
 *
 * @param backend The wasm backend instance.
 * @param x The tensor.
 * @param paddings `[before, after]` per axis, all ≥ 0.
 * @param constantValue The fill value.
 * @returns The padded copy.
 */
export function pad(
  backend: BackendWasm,
  x: TensorInfo,
  paddings: [number, number][],
  constantValue = 0,
): TensorInfo {
  return runNative("PadV2", backend, { x }, { paddings, constantValue });
}

/**
 * A float32 tensor filled from `values`, on the wasm heap.
 *
 * @param backend The wasm backend instance.
 * @param shape The shape.
 * @param values The values, row-major.
 * @returns The new tensor; the caller frees it.
 */
export function constant(
  backend: BackendWasm,
  shape: number[],
  values: ArrayLike<number>,
): TensorInfo {
  const out = backend.makeOutput(shape, "float32");
  (backend.typedArrayFromHeap(out) as Float32Array).set(values);
  return out;
}
