import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  SliceAttrs,
  SplitVAttrs,
  TensorInfo,
  UnpackAttrs,
} from "@tensorflow/tfjs-core";
import { saveNativeKernel } from "./_native.ts";

/**
 * `Slice`, `SplitV` and `Unpack` for the wasm backend, replacing 4.22's, which read the input
 * through `readSync`: a copy of the whole input out of the heap for every slice. Unstacking an
 * LSTM's `[50, 32, 400]` gate stack made 50 copies of 2.5 MB (~36 ms); here each slice reads a
 * view of the heap and copies only what it returns.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(sliceConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const sliceConfig: KernelConfig = {
  kernelName: tf.Slice,
  backendName: "wasm",
  kernelFunc: slice as unknown as KernelFunc,
};

/** `SplitV` for the wasm backend: one heap-view slice per part. */
export const splitVConfig: KernelConfig = {
  kernelName: tf.SplitV,
  backendName: "wasm",
  kernelFunc: splitV as unknown as KernelFunc,
};

/** `Unpack` (unstack) for the wasm backend: one heap-view slice per output. */
export const unpackConfig: KernelConfig = {
  kernelName: tf.Unpack,
  backendName: "wasm",
  kernelFunc: unpack as unknown as KernelFunc,
};

interface Args<A> {
  inputs: { x: TensorInfo; value?: TensorInfo };
  backend: BackendWasm;
  attrs: A;
}

function slice({ inputs: { x }, backend, attrs }: Args<SliceAttrs>): TensorInfo {
  if (x.dtype === "string") return native(tf.Slice, backend, { x }, attrs) as TensorInfo;
  const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
  return sliceHeap(backend, x, begin, size);
}

function splitV({ inputs: { x }, backend, attrs }: Args<SplitVAttrs>): TensorInfo[] {
  if (x.dtype === "string") {
    return native(tf.SplitV, backend, { x }, attrs) as TensorInfo[];
  }
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits, axis);
  const begin = new Array(x.shape.length).fill(0);
  const size = x.shape.slice();
  return sizes.map((part) => {
    size[axis] = part;
    const out = sliceHeap(backend, x, begin, size);
    begin[axis] += part;
    return out;
  });
}

function unpack({ inputs: { value }, backend, attrs }: Args<UnpackAttrs>): TensorInfo[] {
  const x = value!;
  const axis = attrs.axis < 0 ? attrs.axis + x.shape.length : attrs.axis;
  const outShape = x.shape.filter((_, i) => i !== axis);
  if (x.dtype === "string") {
    return native(tf.Unpack, backend, { value: x }, attrs) as TensorInfo[];
  }
  const begin = new Array(x.shape.length).fill(0);
  const size = x.shape.slice();
  size[axis] = 1;
  return Array.from({ length: x.shape[axis] }, (_, i) => {
    begin[axis] = i;
    const { dataId, dtype } = sliceHeap(backend, x, begin, size);
    return { dataId, dtype, shape: outShape };
  });
}

/** Strings stay with 4.22's kernels, which keep them outside the heap. */
function native(
  name: string,
  backend: BackendWasm,
  inputs: Record<string, TensorInfo>,
  attrs: object,
): TensorInfo | TensorInfo[] {
  const config = saveNativeKernel(name)!;
  return config.kernelFunc({ inputs, backend, attrs: attrs as NamedAttrMap });
}

/**
 * Copy the box `begin` … `begin + size` of `x` into a new tensor. The trailing axes that the box
 * spans whole, with the one before them, form contiguous runs: one copy per run, the runs
 * visited in row-major order.
 */
function sliceHeap(
  backend: BackendWasm,
  x: TensorInfo,
  begin: number[],
  size: number[],
): TensorInfo {
  const out = backend.makeOutput(size.slice(), x.dtype);
  const count = size.reduce((a, b) => a * b, 1);
  if (count === 0) return out;
  // Views after the allocation: growing the heap detaches older ones.
  const outV = backend.typedArrayFromHeap(out);
  const xV = backend.typedArrayFromHeap(x);
  const rank = x.shape.length;
  if (rank === 0) {
    outV[0] = xV[0];
    return out;
  }
  const strides = [...tf.util.computeStrides(x.shape), 1];
  let inner = rank - 1; // the first axis of a contiguous run
  while (inner > 0 && size[inner] === x.shape[inner]) inner--;
  const run = size.slice(inner).reduce((a, b) => a * b, 1);
  const index = new Array(inner).fill(0); // position among the runs
  for (let offset = 0; offset < count; offset += run) {
    let from = begin[inner] * strides[inner];
    for (let d = 0; d < inner; d++) from += (begin[d] + index[d]) * strides[d];
    outV.set(xV.subarray(from, from + run), offset);
    for (let d = inner - 1; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
  return out;
}
