import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  Conv2DBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import { pad, release, reshape, runNative, slice, transpose } from "./_native.ts";
import { batchMatMulConfig } from "./batch_mat_mul.ts";
import { pointer, scratch, simdKernels } from "./_simd.ts";
import { winogradApplies } from "./winograd.ts";

/**
 * `Conv2DBackpropInput` for the wasm backend, replacing 4.22's naive loop (~240 ms a call on the
 * MNIST CNN's second layer, batch 128). It is the input gradient of `conv2d` and the forward pass
 * of `conv2dTranspose`.
 *
 * For stride 1, `dx` is a convolution (XNNPACK `Conv2D`) of `dy` with the filter rotated 180° and
 * its channel axes swapped, `[fh, fw, Cout, Cin]`, padded `fh − 1 − top` on top and by what gives
 * `inputShape` at the bottom; a negative padding (explicit paddings wider than the filter) becomes
 * a cut of the result. Channels-first is refused like the wasm `Conv2D` refuses it.
 *
 * For stride s > 1 (a DCGAN generator's up-sampling), spreading `dy` with s − 1 zeros between
 * rows and columns would make ~(s² − 1)/s² of the work multiply zeros. Instead each output phase
 * (row ≡ r, column ≡ c mod s) is its own stride-1 convolution of `dy` with the taps
 * `W[r + s·t, c + s·u]`; all s² phases run as one `Conv2D` with `s²·Cin` output channels, and a
 * depth-to-space transpose interleaves them (see `phaseInputGrad`).
 *
 * Windows that tile the input (stride = filter size, no padding: a ViT's patch embedding) take a
 * shortcut, as the spread `dy` would be ~s² zeros: one matmul `dy · Wᵀ`,
 * `[N·OH·OW, Cout]·[Cout, fh·fw·Cin]`, with each row's patch put back in place by a transpose.
 *
 * With the suite's SIMD kernels (`asm/kernels.ts`, on unless `ANNDL_SIMD=off`), a 3×3 stride-1
 * gradient that `winograd.ts` takes is Winograd F(2×2, 3×3) of `dy` with the rotated filter.
 * Otherwise any stride and padding runs as the GEMM `dy · Wᵀ` over blocks of 256 output
 * positions, each block's window contributions added into `dx` (col2im), over the backend's heap
 * with no copies; this replaces the convolutions above (the CNN's second layer: ~134 ms a call in
 * the profiled step).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(conv2dBackpropInputConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: "wasm",
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};

function conv2dBackpropInput(
  args: {
    inputs: { dy: TensorInfo; filter: TensorInfo };
    backend: BackendWasm;
    attrs: Conv2DBackpropInputAttrs;
  },
): TensorInfo {
  const { inputs: { dy, filter }, backend, attrs } = args;
  const { inputShape, strides, pad: padding, dataFormat, dimRoundingMode } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") {
    throw new Error(`Conv2DBackpropInput on wasm needs dataFormat 'NHWC': got '${dataFormat}'`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    padding,
    dimRoundingMode,
    false,
    format,
  );
  const [n, h, w, cin] = inputShape;
  const [fh, fw, , cout] = filter.shape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  if (dy.shape[1] !== oh || dy.shape[2] !== ow) {
    throw new Error(
      `Conv2DBackpropInput expects dy of shape [${n}, ${oh}, ${ow}, ${cout}]: got [${dy.shape}]`,
    );
  }

  const { top: pt, bottom: pb, left: pl, right: pr } = info.padInfo;
  if (sh === fh && sw === fw && pt === 0 && pb === 0 && pl === 0 && pr === 0) {
    return patchInputGrad(backend, dy, filter, inputShape);
  }

  const float = dy.dtype === "float32" && filter.dtype === "float32";
  const simd = float ? simdKernels(backend) : undefined;
  if (simd && winogradApplies({ fh, fw, sh, sw, cin: cout, cout: cin })) {
    // dx is the 3×3 convolution of dy with the taps rotated 180° and the channels swapped.
    const dx = backend.makeOutput(inputShape, "float32");
    const block = scratch(backend, simd, simd.exports.winogradScratchBytes(cout, cin));
    const [dyP, wP, dxP] = [dy, filter, dx].map((t) => pointer(backend, t));
    simd.exports.winogradConv2d(dyP, wP, dxP, n, oh, ow, cout, h, w, cin, 2 - pt, 2 - pl, 1, block);
    return dx;
  }
  if (simd) {
    const dx = backend.makeOutput(inputShape, "float32");
    const m = fh * fw * cin;
    const block = scratch(backend, simd, simd.exports.conv2dInputGradScratchBytes(m, cout));
    const [dyP, wP, dxP] = [dy, filter, dx].map((t) => pointer(backend, t));
    simd.exports.conv2dInputGrad(
      dyP,
      wP,
      dxP,
      n,
      h,
      w,
      cin,
      oh,
      ow,
      cout,
      fh,
      fw,
      sh,
      sw,
      pt,
      pl,
      block,
    );
    return dx;
  }

  if (sh > 1 || sw > 1) return phaseInputGrad(backend, dy, filter, inputShape, info);

  const flipped = runNative("Reverse", backend, { x: filter }, { dims: [0, 1] });
  const kernel = transpose(backend, flipped, [0, 1, 3, 2]); // [fh, fw, Cout, Cin]
  release(backend, flipped);

  const top = fh - 1 - pt;
  const left = fw - 1 - pl;
  // Stride 1: output rows = OH + top + bottom − fh + 1; we want h of them.
  const bottom = h + fh - 1 - oh - top;
  const right = w + fw - 1 - ow - left;
  const full = runNative("Conv2D", backend, { x: dy, filter: kernel }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [
      Math.max(0, left),
      Math.max(0, right),
    ], [0, 0]],
    dataFormat: "NHWC",
  });
  release(backend, kernel);
  if (top >= 0 && left >= 0 && bottom >= 0 && right >= 0) return full;
  const dx = slice(backend, full, [0, Math.max(0, -top), Math.max(0, -left), 0], [n, h, w, cin]);
  release(backend, full);
  return dx;
}

/** Input gradient for windows that tile the input: `dy` `[N, OH, OW, Cout]` → `[N, H, W, Cin]`. */
function patchInputGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
): TensorInfo {
  const [n, h, w, cin] = inputShape;
  const [fh, fw, , cout] = filter.shape;
  const [, oh, ow] = dy.shape;
  const dy2 = reshape(backend, dy, [n * oh * ow, cout]);
  const w2 = reshape(backend, filter, [fh * fw * cin, cout]);
  const cols = batchMatMulConfig.kernelFunc({
    inputs: { a: dy2, b: w2 },
    backend,
    attrs: { transposeA: false, transposeB: true },
  }) as TensorInfo; // [N·OH·OW, fh·fw·Cin]: row (n, oh, ow), column (i, j, ci)
  release(backend, dy2, w2);
  // [N·OH, OW, fh, fw·Cin] → [N·OH, fh, OW, fw·Cin] = [N, OH·fh, OW·fw, Cin] row-major.
  const four = reshape(backend, cols, [n * oh, ow, fh, fw * cin]);
  release(backend, cols);
  const placed = transpose(backend, four, [0, 2, 1, 3]);
  release(backend, four);
  const image = reshape(backend, placed, [n, oh * fh, ow * fw, cin]);
  release(backend, placed);
  if (oh * fh === h && ow * fw === w) return image;
  // Rows and columns past the last window get no gradient.
  const dx = pad(backend, image, [[0, 0], [0, h - oh * fh], [0, w - ow * fw], [0, 0]]);
  release(backend, image);
  return dx;
}

/**
 * Input gradient for strides > 1 by output phases. With `q = h + top = s·m + r`, the forward
 * `y[o] = Σ_k x[o·s + k − top]·W[k]` gives `dx[h] = Σ_t dy[m − t]·W[r + s·t]` (taps past the
 * filter count as zero). So, per axis, `z[m, r] = Σ_{t<T} dy[m − t]·W[r + s·t]` with
 * `T = ⌈fh / s⌉` is one correlation of `dy`, zero-padded `T − 1` in front, with the reversed taps;
 * phases go to output channels `[s1, s2, Cin]`, and `dx` is rows `[top, top + H)` of `z`
 * interleaved as `q = s·m + r`.
 */
function phaseInputGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: [number, number, number, number],
  info: ReturnType<typeof tf.backend_util.computeConv2DInfo>,
): TensorInfo {
  const [n, h, w, cin] = inputShape;
  const [fh, fw, , cout] = filter.shape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const th = Math.ceil(fh / sh);
  const tw = Math.ceil(fw / sw);
  // Phase filter [th, tw, Cout, sh·sw·Cin]: tap (j, i) of phase (r, c) is W[r + sh·(th − 1 − j),
  // c + sw·(tw − 1 − i)], reversed so that the correlation below runs over dy[m − t].
  const phases = sh * sw * cin;
  const kernel = backend.makeOutput([th, tw, cout, phases], "float32");
  const kv = backend.typedArrayFromHeap(kernel) as Float32Array;
  const wv = backend.typedArrayFromHeap(filter) as Float32Array;
  kv.fill(0);
  for (let j = 0; j < th; j++) {
    for (let i = 0; i < tw; i++) {
      for (let r = 0; r < sh; r++) {
        const kh = r + sh * (th - 1 - j);
        if (kh >= fh) continue;
        for (let c = 0; c < sw; c++) {
          const kw = c + sw * (tw - 1 - i);
          if (kw >= fw) continue;
          for (let co = 0; co < cout; co++) {
            const to = ((j * tw + i) * cout + co) * phases + (r * sw + c) * cin;
            const from = (kh * fw + kw) * cin * cout + co;
            for (let ci = 0; ci < cin; ci++) kv[to + ci] = wv[from + ci * cout];
          }
        }
      }
    }
  }
  // Rows m of z needed: q = h + top < h_max + top, so m < ⌈(H + top) / sh⌉.
  const mh = Math.ceil((h + top) / sh);
  const mw = Math.ceil((w + left) / sw);
  const z = runNative("Conv2D", backend, { x: dy, filter: kernel }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [th - 1, Math.max(0, mh - oh)], [tw - 1, Math.max(0, mw - ow)], [0, 0]],
    dataFormat: "NHWC",
  }); // [N, ≥mh, ≥mw, sh·sw·Cin]
  release(backend, kernel);
  const [, zh, zw] = z.shape;
  // Depth to space: [N·zh, zw, sh, sw·Cin] → [N·zh, sh, zw, sw·Cin] = [N, zh·sh, zw·sw, Cin].
  const four = reshape(backend, z, [n * zh, zw, sh, sw * cin]);
  release(backend, z);
  const placed = transpose(backend, four, [0, 2, 1, 3]);
  release(backend, four);
  const q = reshape(backend, placed, [n, zh * sh, zw * sw, cin]);
  release(backend, placed);
  const dx = slice(backend, q, [0, top, left, 0], [n, h, w, cin]);
  release(backend, q);
  return dx;
}
