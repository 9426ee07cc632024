import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, TensorInfo } from "@tensorflow/tfjs-core";
import { constant, pad, release, reshape, runNative, slice } from "./_native.ts";

/**
 * `MaxPoolGrad` for the wasm backend, replacing 4.22's native kernel, which sends the gradient
 * to the window's first element whenever the window's maximum is negative (wrong without a
 * preceding ReLU) and is slow.
 *
 * Ties: like TensorFlow and the cpu backend, each window's gradient goes to one element, the
 * first maximum in row-major window order (padding never wins). So the gradient's sum always
 * equals the sum of `dy`, and the result equals the cpu backend's everywhere, ties included.
 *
 * Non-overlapping windows (filter = stride, e.g. the CNN's 2×2 pooling) are computed from wasm
 * kernels in the window layout `[N, OH, fh, OW, fw, C]`: an equality mask of `x` with the
 * window's maximum, each hit weighted by its priority (earlier = higher), the highest priority
 * per window picked by `MaxPool`, and `dy` placed there. Overlapping windows take a direct loop
 * over the wasm heap with the same semantics.
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

/** Non-overlapping windows, from wasm kernels; `x` `[N, H, W, C]`, `y` and `dy` `[N, OH, OW, C]`. */
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
  const rows = oh * fh; // rows the windows cover, from input row −top
  const cols = ow * fw;

  // x over the windows' area: [N, rows, cols, C], −∞ where a window hangs over the edge.
  let area = x;
  const below = Math.max(0, rows - top - h);
  const after = Math.max(0, cols - left - w);
  if (top > 0 || left > 0 || below > 0 || after > 0) {
    area = pad(backend, x, [[0, 0], [top, below], [left, after], [0, 0]], -Infinity);
  }
  if (area.shape[1] !== rows || area.shape[2] !== cols) {
    const cut = slice(backend, area, [0, 0, 0, 0], [n, rows, cols, c]);
    if (area !== x) release(backend, area);
    area = cut;
  }
  const x6 = reshape(backend, area, [n, oh, fh, ow, fw, c]);
  if (area !== x) release(backend, area);
  const y6 = reshape(backend, y, [n, oh, 1, ow, 1, c]);
  const hit = runNative("Equal", backend, { a: x6, b: y6 });
  release(backend, x6, y6);
  const hitF = runNative("Cast", backend, { x: hit }, { dtype: "float32" });
  release(backend, hit);

  // Priority fh·fw for the window's first element down to 1 for its last.
  const order = new Float32Array(fh * fw).map((_, i) => fh * fw - i);
  const weights = constant(backend, [1, 1, fh, 1, fw, 1], order);
  const priority = runNative("Multiply", backend, { a: hitF, b: weights });
  release(backend, hitF, weights);
  const priority4 = reshape(backend, priority, [n, rows, cols, c]);
  const best = runNative("MaxPool", backend, { x: priority4 }, {
    filterSize: [fh, fw],
    strides: [fh, fw],
    pad: "valid",
    dimRoundingMode: undefined,
  });
  release(backend, priority4);
  const best6 = reshape(backend, best, [n, oh, 1, ow, 1, c]);
  const win = runNative("Equal", backend, { a: priority, b: best6 });
  release(backend, priority, best, best6);
  const winF = runNative("Cast", backend, { x: win }, { dtype: "float32" });
  release(backend, win);
  const dy6 = reshape(backend, dy, [n, oh, 1, ow, 1, c]);
  const grad = runNative("Multiply", backend, { a: winF, b: dy6 });
  release(backend, winF, dy6);
  const grad4 = reshape(backend, grad, [n, rows, cols, c]);
  release(backend, grad);

  // Back to the input's frame: window-area row r is input row r − top.
  const keptRows = Math.min(rows - top, h);
  const keptCols = Math.min(cols - left, w);
  let dx = grad4;
  if (top > 0 || left > 0 || keptRows !== rows || keptCols !== cols) {
    dx = slice(backend, grad4, [0, top, left, 0], [n, keptRows, keptCols, c]);
    release(backend, grad4);
  }
  if (keptRows < h || keptCols < w) {
    const full = pad(backend, dx, [[0, 0], [0, h - keptRows], [0, w - keptCols], [0, 0]]);
    release(backend, dx);
    dx = full;
  }
  return dx;
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
        best.fill(-Infinity);
        where.fill(-1);
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
