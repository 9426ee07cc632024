import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { release, reshape, runNative, transpose } from "./_native.ts";
import { pointer, scratch, simdKernels } from "./_simd.ts";

/**
 * `BatchMatMul` for the wasm backend. 4.22's kernel reaches XNNPACK speed (~25 GFLOP/s on one
 * thread here) only for an unbatched product without transposes; with `transposeA` or
 * `transposeB`, which every dense layer's backward pass uses, it falls back to a loop at ~2
 * GFLOP/s.
 *
 * When `b` has no batch (or a batch of 1), the transposed operands are transposed explicitly, `a`
 * is folded to `[1, batch·M, K]` and the product runs as one plain matmul. XNNPACK packs `b` into
 * an operator once per tensor and reuses it while that tensor lives, so a transposed `b` is kept
 * until `b` itself is freed: an LSTM's backward pass multiplies by the same `Wᵀ` at each of its
 * 50 steps, which otherwise made a new transposed copy and packed a new operator every step.
 *
 * A product where both are batched alike (attention's `QKᵀ` and `AV`, `[batch, heads, tokens,
 * dh]`) has no fast native path (~0.4–1 GFLOP/s on `[512, 16, 16]` pairs). It runs as XNNPACK's
 * depthwise convolution with a channel multiplier: with `a` as the image `[1, M, K, B]` and `b`
 * as the filter `[1, K, B, N]`, output channel `(t, j)` at row i is `Σ_k a[t, i, k]·b[t, k, j]`.
 * The three transposes around it are cheap; the products ran 1.6–4× faster here. Other
 * broadcasts go to the native kernel.
 *
 * With the suite's SIMD kernels (`asm/kernels.ts`, on unless `ANNDL_SIMD=off`) every float32
 * product whose batches are equal or where one side has none runs instead as the SIMD GEMM over
 * the backend's heap, transposes read through strides (no copies): one GEMM when `b` has no batch
 * and `a` is not transposed (`a` folded to `[batch·M, K]`), else one call that loops over the
 * batch (attention's 512 products of 17×16 each).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(batchMatMulConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const batchMatMulConfig: KernelConfig = {
  kernelName: tf.BatchMatMul,
  backendName: "wasm",
  kernelFunc: batchMatMul as unknown as KernelFunc,
};

function batchMatMul(
  args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: BackendWasm; attrs: BatchMatMulAttrs },
): TensorInfo {
  const { inputs: { a, b }, backend, attrs } = args;
  const { transposeA, transposeB } = attrs;
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  const float = a.dtype === "float32" && b.dtype === "float32";
  const foldable = batchB === 1 && float;
  const sameBatch = a.shape.length === b.shape.length &&
    a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  const simd = float && (sameBatch || batchA === 1 || batchB === 1)
    ? simdKernels(backend)
    : undefined;
  if (simd) return simdBatchMatMul(backend, simd, a, b, transposeA, transposeB);
  if (!foldable && float && sameBatch && batchA > 1) {
    return depthwiseBatchMatMul(backend, a, b, transposeA, transposeB);
  }
  if (!foldable || (!transposeA && !transposeB && batchA === 1)) {
    return runNative("BatchMatMul", backend, { a, b }, attrs as unknown as Record<string, unknown>);
  }
  const aPlain = transposeA ? transpose(backend, a, swapLast(a.shape.length)) : a;
  const bPlain = transposeB ? transposedOnce(backend, b) : b;
  const [m, k] = aPlain.shape.slice(-2);
  const n = bPlain.shape[bPlain.shape.length - 1];
  const a3 = reshape(backend, aPlain, [1, batchA * m, k]);
  const b3 = reshape(backend, bPlain, [1, k, n]);
  if (aPlain !== a) release(backend, aPlain);
  const product = runNative("BatchMatMul", backend, { a: a3, b: b3 }, {
    transposeA: false,
    transposeB: false,
  });
  release(backend, a3, b3);
  // The batch axes broadcast as the op defines them, e.g. `[5, M, K]` · `[1, 1, K, N]` → `[1, 5, M, N]`.
  const lead = tf.broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const out = reshape(backend, product, [...lead, m, n]);
  release(backend, product);
  return out;
}

/** `a · b` by the SIMD GEMM: batches equal, or one side without batch (size 1). */
function simdBatchMatMul(
  backend: BackendWasm,
  simd: NonNullable<ReturnType<typeof simdKernels>>,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const [kb, n] = transposeB ? [bc, br] : [br, bc];
  if (kb !== k) {
    throw new Error(
      `BatchMatMul inner sizes differ: ${k} in a [${a.shape}] and ${kb} in b [${b.shape}] ` +
        `(transposeA ${transposeA}, transposeB ${transposeB})`,
    );
  }
  const batchA = size(a.shape.slice(0, ra - 2));
  const batchB = size(b.shape.slice(0, rb - 2));
  const batch = Math.max(batchA, batchB);
  const lead = tf.broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, ra - 2),
    b.shape.slice(0, rb - 2),
  );
  const out = backend.makeOutput([...lead, m, n], "float32");
  if (batch * m * n === 0) return out;
  // Element strides: a stored [.., ar, ac], b [.., br, bc].
  const [sai, sak] = transposeA ? [1, ac] : [ac, 1];
  const [sbk, sbn] = transposeB ? [1, bc] : [bc, 1];
  const block = scratch(backend, simd, simd.exports.gemmScratchBytes(0, n));
  const [aP, bP, cP] = [a, b, out].map((t) => pointer(backend, t));
  if (batchB === 1 && !transposeA) {
    simd.exports.gemm(batchA * m, n, k, aP, sai, sak, bP, sbk, sbn, cP, n, 0, block);
  } else {
    const strideA = batchA === 1 ? 0 : ar * ac;
    const strideB = batchB === 1 ? 0 : br * bc;
    simd.exports.batchedGemm(
      batch,
      m,
      n,
      k,
      aP,
      strideA,
      sai,
      sak,
      bP,
      strideB,
      sbk,
      sbn,
      cP,
      block,
    );
  }
  return out;
}

/** Transposed copies of `b` operands by `b`'s data and shape, freed with that data. */
const transposedCache = new Map<object, Map<string, TensorInfo>>();
/** Backends whose `disposeData` also frees {@linkcode transposedCache} entries. */
const hooked = new WeakSet<BackendWasm>();

/** `b` with its last two axes swapped, made once per data and shape while the data lives. */
function transposedOnce(backend: BackendWasm, b: TensorInfo): TensorInfo {
  if (!hooked.has(backend)) {
    const dispose = backend.disposeData.bind(backend);
    backend.disposeData = (dataId: object, force?: boolean) => {
      const freed = dispose(dataId, force);
      const copies = transposedCache.get(dataId);
      if (freed && copies) {
        transposedCache.delete(dataId);
        for (const copy of copies.values()) dispose(copy.dataId, true);
      }
      return freed;
    };
    hooked.add(backend);
  }
  const key = b.shape.join(",");
  let copies = transposedCache.get(b.dataId);
  const cached = copies?.get(key);
  if (cached) return cached;
  const copy = transpose(backend, b, swapLast(b.shape.length));
  if (!copies) transposedCache.set(b.dataId, copies = new Map());
  copies.set(key, copy);
  return copy;
}

/** `a · b` per batch entry as one depthwise convolution; `a` and `b` have the same batch axes. */
function depthwiseBatchMatMul(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const rank = a.shape.length;
  const lead = a.shape.slice(0, -2);
  const batch = size(lead);
  const [m, k] = transposeA ? [a.shape[rank - 1], a.shape[rank - 2]] : a.shape.slice(-2);
  const n = transposeB ? b.shape[rank - 2] : b.shape[rank - 1];
  const kb = transposeB ? b.shape[rank - 1] : b.shape[rank - 2];
  if (kb !== k) {
    throw new Error(
      `BatchMatMul inner sizes differ: ${k} in a [${a.shape}] and ${kb} in b [${b.shape}] ` +
        `(transposeA ${transposeA}, transposeB ${transposeB})`,
    );
  }
  const a3 = reshape(backend, a, [batch, ...a.shape.slice(-2)]);
  const b3 = reshape(backend, b, [batch, ...b.shape.slice(-2)]);
  const image = transpose(backend, a3, transposeA ? [2, 1, 0] : [1, 2, 0]); // [M, K, B]
  const taps = transpose(backend, b3, transposeB ? [2, 0, 1] : [1, 0, 2]); // [K, B, N]
  release(backend, a3, b3);
  const image4 = reshape(backend, image, [1, m, k, batch]);
  const taps4 = reshape(backend, taps, [1, k, batch, n]);
  release(backend, image, taps);
  const conv = runNative("DepthwiseConv2dNative", backend, { x: image4, filter: taps4 }, {
    strides: [1, 1],
    pad: "valid",
    dilations: [1, 1],
    dataFormat: "NHWC",
  }); // [1, M, 1, B·N]
  release(backend, image4, taps4);
  const rows = reshape(backend, conv, [m, batch, n]);
  release(backend, conv);
  const product = transpose(backend, rows, [1, 0, 2]); // [B, M, N]
  release(backend, rows);
  const out = reshape(backend, product, [...lead, m, n]);
  release(backend, product);
  return out;
}

/** The number of elements of `shape`. */
function size(shape: number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
function swapLast(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}
