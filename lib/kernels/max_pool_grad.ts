import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { pointer, simdKernels } from "./_simd.ts";

/**
 * `MaxPoolGrad` for the wasm backend, replacing 4.22's native kernel, which sends the gradient
 * to the window's first element whenever the window's maximum is negative (wrong without a
 * preceding ReLU) and is slow.
 *
 * Ties: like TensorFlow and the cpu backend, each window's gradient goes to one element, the
 * first maximum in row-major window order (padding never wins). So the gradient's sum always
 * equals the sum of `dy`, and the result equals the cpu backend's everywhere, ties included.
 *
 * The result is computed by a loop over the wasm heap. Non-overlapping windows (filter = stride,
 * e.g. the CNN's 2×2 pooling) take one pass in memory order that compares `x` with the window's
 * maximum `y` (equality mask; the first hit per window and channel wins); overlapping windows
 * search each window's first maximum as the cpu backend does. An equality mask built from wasm
 * kernels was measured slower here: 4.22's broadcasting `Equal` takes ~850 ms on the CNN's
 * `[128, 13, 2, 13, 2, 32]` layout, the loop ~30–80 ms, the native kernel ~175–230 ms. With the
 * suite's SIMD kernels (`asm/kernels.ts`, on unless `ANNDL_SIMD=off`) the non-overlapping pass
 * runs in wasm over the heap, four channels per vector compare, same rule, same result.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(maxPoolGradConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};

type PoolInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

function maxPoolGrad(
  args: {
    inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
    backend: BackendWasm;
    attrs: MaxPoolGradAttrs;
  },
): TensorInfo {
  const { inputs: { dy, input, output }, backend, attrs } = args;
  const { filterSize, strides, pad: padding, dimRoundingMode } = attrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    padding,
    dimRoundingMode,
  );
  const tiled = info.filterHeight === info.strideHeight && info.filterWidth === info.strideWidth;
  return tiled
    ? tiledMaxPoolGrad(backend, dy, input, output, info)
    : loopMaxPoolGrad(backend, dy, input, info);
}

/**
 * Non-overlapping windows: one pass over `x` in memory order, `x` `[N, H, W, C]`, `y` and `dy`
 * `[N, OH, OW, C]`. An element equal to its window's maximum `y` takes the window's `dy` unless an
 * earlier element of the window already took it (`taken` holds, per window and channel of the
 * current window row, the stamp of the row that last took it).
 */
function tiledMaxPoolGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  x: TensorInfo,
  y: TensorInfo,
  info: PoolInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c } = info;
  const { outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  const out = backend.makeOutput(x.shape, "float32");
  const simd = [dy, x, y].every((t) => t.dtype === "float32") ? simdKernels(backend) : undefined;
  if (simd) {
    const [dxP, xP, yP, dyP] = [out, x, y, dy].map((t) => pointer(backend, t));
    simd.exports.maxPoolGradTiled(xP, yP, dyP, dxP, n, h, w, c, oh, ow, fh, fw, top, left);
    return out;
  }
  // Views after the allocation: growing the heap detaches older ones.
  const dxV = backend.typedArrayFromHeap(out) as Float32Array;
  const xV = backend.typedArrayFromHeap(x) as Float32Array;
  const yV = backend.typedArrayFromHeap(y) as Float32Array;
  const dyV = backend.typedArrayFromHeap(dy) as Float32Array;
  dxV.fill(0); // rows and columns no window covers keep a zero gradient
  const taken = new Int32Array(ow * c);
  let stamp = 0;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      stamp++;
      for (let i = 0; i < fh; i++) {
        const xr = r * fh + i - top;
        if (xr < 0 || xr >= h) continue;
        for (let q = 0; q < ow; q++) {
          const yBase = ((b * oh + r) * ow + q) * c;
          const tBase = q * c;
          for (let j = 0; j < fw; j++) {
            const xc = q * fw + j - left;
            if (xc < 0 || xc >= w) continue;
            const xBase = ((b * h + xr) * w + xc) * c;
            for (let k = 0; k < c; k++) {
              if (xV[xBase + k] === yV[yBase + k] && taken[tBase + k] !== stamp) {
                taken[tBase + k] = stamp;
                dxV[xBase + k] = dyV[yBase + k];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** Any windows, by a loop over the heap: first maximum per window, as the cpu backend does. */
function loopMaxPoolGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  x: TensorInfo,
  info: PoolInfo,
): TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c } = info;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const out = backend.makeOutput(x.shape, "float32");
  // Views after the allocation: growing the heap detaches older ones.
  const dxV = backend.typedArrayFromHeap(out) as Float32Array;
  const xV = backend.typedArrayFromHeap(x) as Float32Array;
  const dyV = backend.typedArrayFromHeap(dy) as Float32Array;
  dxV.fill(0);
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < oh; r++) {
      for (let q = 0; q < ow; q++) {
        for (let k = 0; k < c; k++) {
          best[k] = -Infinity;
          where[k] = -1;
        }
        for (let i = 0; i < fh; i += dh) {
          const xr = r * sh - top + i;
          if (xr < 0 || xr >= h) continue;
          for (let j = 0; j < fw; j += dw) {
            const xc = q * sw - left + j;
            if (xc < 0 || xc >= w) continue;
            const base = ((b * h + xr) * w + xc) * c;
            for (let k = 0; k < c; k++) {
              const v = xV[base + k];
              if (v > best[k]) {
                best[k] = v;
                where[k] = base + k;
              }
            }
          }
        }
        const dyBase = ((b * oh + r) * ow + q) * c;
        for (let k = 0; k < c; k++) {
          if (where[k] >= 0) dxV[where[k]] += dyV[dyBase + k];
        }
      }
    }
  }
  return out;
}
