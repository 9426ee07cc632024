import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { Conv2DAttrs, KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { runNative } from "./_native.ts";
import { pointer, scratch, simdKernels } from "./_simd.ts";
import { winogradApplies } from "./winograd.ts";

/**
 * `Conv2D` for the wasm backend: with the suite's SIMD kernels (`asm/kernels.ts`, on unless
 * `ANNDL_SIMD=off`) a float32 NHWC convolution without dilation runs as Winograd F(2×2, 3×3) where
 * `winograd.ts` says it applies (the CNN's second layer: 3×3, 32 → 64 channels), else as the GEMM
 * `cols · W` `[N·OH·OW, fh·fw·Cin] · [fh·fw·Cin, Cout]` over the backend's heap, the im2col matrix
 * built 256 positions at a time; everything else goes to 4.22's XNNPACK kernel. The CNN's second layer
 * ran 39 ms a call against XNNPACK's 51 ms (same run, load 9.5); on its first layer (`fh·fw·Cin`
 * = 9) the two are alike (best 5.6 vs 5.8 ms, alternating in one process at load 8.6), so every
 * window size takes the one path.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * tf.registerKernel(conv2dConfig); // registerWasmTrainingKernels() does this
 * ```
 */
export const conv2dConfig: KernelConfig = {
  kernelName: tf.Conv2D,
  backendName: "wasm",
  kernelFunc: conv2d as unknown as KernelFunc,
};

function conv2d(
  args: {
    inputs: { x: TensorInfo; filter: TensorInfo };
    backend: BackendWasm;
    attrs: Conv2DAttrs;
  },
): TensorInfo {
  const { inputs: { x, filter }, backend, attrs } = args;
  const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  const [fh, fw, cin] = filter.shape;
  const dilated = Array.isArray(dilations) ? dilations.some((d) => d !== 1) : dilations !== 1;
  const simd = format === "channelsLast" && !dilated && x.dtype === "float32" &&
      filter.dtype === "float32"
    ? simdKernels(backend)
    : undefined;
  if (!simd) {
    return runNative("Conv2D", backend, { x, filter }, attrs as unknown as Record<string, unknown>);
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    format,
  );
  const { batchSize: n, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;
  const cout = info.outChannels;
  const y = backend.makeOutput(info.outShape, "float32");
  const [xP, wP, yP] = [x, filter, y].map((t) => pointer(backend, t));
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  if (winogradApplies({ fh, fw, sh, sw, cin, cout })) {
    const block = scratch(backend, simd, simd.exports.winogradScratchBytes(cin, cout));
    simd.exports.winogradConv2d(xP, wP, yP, n, h, w, cin, oh, ow, cout, top, left, 0, block);
    return y;
  }
  const block = scratch(backend, simd, simd.exports.gemmScratchBytes(fh * fw * cin, cout));
  simd.exports.conv2d(xP, wP, yP, n, h, w, cin, oh, ow, cout, fh, fw, sh, sw, top, left, block);
  return y;
}
