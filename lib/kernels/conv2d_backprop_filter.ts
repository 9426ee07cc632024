import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  Conv2DBackpropFilterAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import { release, runNative, slice, transpose } from "./_native.ts";
import { pointer, scratch, simdKernels } from "./_simd.ts";
import { winogradApplies } from "./winograd.ts";

/**
 * `Conv2DBackpropFilter` for the wasm backend, which 4.22 does not register (so no conv model
 * trains on wasm without it).
 *
 * The filter gradient `dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − pt, ow·s + kw − pl, ci] ·
 * dy[n, oh, ow, co]` is itself one convolution, run by the XNNPACK `Conv2D` kernel: the input is
 * `x` with batch and channels swapped, `[Cin, H, W, N]`; the filter is `dy` as
 * `[OH, OW, N, Cout]`; the dilation is the forward stride; the padding is the forward padding
 * on top/left and whatever makes the output `[Cin, fh, fw, Cout]` at the bottom/right (when that
 * is negative, the extra output rows and columns are cut off instead). Any forward stride and
 * padding ('same', 'valid', explicit) is covered; the channels-first layout is refused like the
 * wasm `Conv2D` refuses it. The kernel has no dilation attribute: tfjs-core refuses the gradient
 * of a dilated `conv2d`.
 *
 * With the suite's SIMD kernels (`asm/kernels.ts`, on unless `ANNDL_SIMD=off`), a 3×3 stride-1
 * filter that `winograd.ts` takes is the adjoint of Winograd F(2×2, 3×3); any other runs as
 * one GEMM over the backend's heap, `colsᵀ · dy` `[fh·fw·cin, positions] · [positions, cout]`,
 * the im2col matrix `cols` built 256 positions at a time into a cache-resident block: no copy of
 * `x` or `dy`, the result written in the filter's layout.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(conv2dBackpropFilterConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
};

function conv2dBackpropFilter(
  args: {
    inputs: { x: TensorInfo; dy: TensorInfo };
    backend: BackendWasm;
    attrs: Conv2DBackpropFilterAttrs;
  },
): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== "channelsLast") {
    throw new Error(`Conv2DBackpropFilter on wasm needs dataFormat 'NHWC': got '${dataFormat}'`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const [fh, fw, cin, cout] = filterShape;
  const { inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // Output rows of the transposed conv = h + top + bottom − (oh − 1)·sh; we want fh of them.
  const bottom = fh - h - top + (oh - 1) * sh;
  const right = fw - w - left + (ow - 1) * sw;

  const simd = x.dtype === "float32" && dy.dtype === "float32" ? simdKernels(backend) : undefined;
  if (simd && winogradApplies({ fh, fw, sh, sw, cin, cout })) {
    const dw = backend.makeOutput(filterShape, "float32");
    const block = scratch(backend, simd, simd.exports.winogradScratchBytes(cin, cout));
    const [xP, dyP, dwP] = [x, dy, dw].map((t) => pointer(backend, t));
    const n = info.batchSize;
    simd.exports.winogradFilterGrad(xP, dyP, dwP, n, h, w, cin, oh, ow, cout, top, left, block);
    return dw;
  }
  if (simd) {
    const dw = backend.makeOutput(filterShape, "float32");
    const block = scratch(backend, simd, simd.exports.gemmScratchBytes(fh * fw * cin, cout));
    simd.exports.conv2dFilterGrad(
      pointer(backend, x),
      pointer(backend, dy),
      pointer(backend, dw),
      info.batchSize,
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
      top,
      left,
      block,
    );
    return dw;
  }

  const xT = transpose(backend, x, [3, 1, 2, 0]); // [Cin, H, W, N]
  const dyT = transpose(backend, dy, [1, 2, 0, 3]); // [OH, OW, N, Cout]
  const grad = runNative("Conv2D", backend, { x: xT, filter: dyT }, {
    strides: [1, 1],
    dilations: [sh, sw],
    pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
    dataFormat: "NHWC",
  }); // [Cin, ≥fh, ≥fw, Cout]
  release(backend, xT, dyT);
  let cut = grad;
  if (bottom < 0 || right < 0) {
    cut = slice(backend, grad, [0, 0, 0, 0], [cin, fh, fw, cout]);
    release(backend, grad);
  }
  const dw = transpose(backend, cut, [1, 2, 0, 3]); // [fh, fw, Cin, Cout]
  release(backend, cut);
  return dw;
}
