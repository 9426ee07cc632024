import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { release, reshape, runNative, transpose } from "./_native.ts";

/**
 * `BatchMatMul` for the wasm backend. 4.22's kernel reaches XNNPACK speed (~25 GFLOP/s on one
 * thread here) only for an unbatched product without transposes; with `transposeA` or
 * `transposeB`, which every dense layer's backward pass uses, it falls back to a loop at ~2
 * GFLOP/s.
 *
 * When `b` has no batch (or a batch of 1), the transposed operands are transposed explicitly, `a`
 * is folded to `[1, batch·M, K]` and the product runs as one plain matmul. A product where `b`
 * is batched has no fast native path (batched products all run at ~1–2 GFLOP/s here), so it goes
 * to the native kernel unchanged.
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
  const foldable = batchB === 1 && a.dtype === "float32" && b.dtype === "float32";
  if (!foldable || (!transposeA && !transposeB && batchA === 1)) {
    return runNative("BatchMatMul", backend, { a, b }, attrs as unknown as Record<string, unknown>);
  }
  const aPlain = transposeA ? transpose(backend, a, swapLast(a.shape.length)) : a;
  const bPlain = transposeB ? transpose(backend, b, swapLast(b.shape.length)) : b;
  const [m, k] = aPlain.shape.slice(-2);
  const n = bPlain.shape[bPlain.shape.length - 1];
  const a3 = reshape(backend, aPlain, [1, batchA * m, k]);
  const b3 = reshape(backend, bPlain, [1, k, n]);
  if (aPlain !== a) release(backend, aPlain);
  if (bPlain !== b) release(backend, bPlain);
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
