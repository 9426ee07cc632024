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

/**
 * `Conv2DBackpropInput` for the wasm backend, replacing 4.22's naive loop (~240 ms a call on the
 * MNIST CNN's second layer, batch 128). It is the input gradient of `conv2d` and the forward pass
 * of `conv2dTranspose`.
 *
 * `dx` is a stride-1 convolution (XNNPACK `Conv2D`) of `dy` with the filter rotated 180° and its
 * channel axes swapped, `[fh, fw, Cout, Cin]`. For stride s > 1, `dy` is first spread out with
 * s − 1 zeros between its rows and columns (a reshape to `[N, OH, 1, OW, 1, C]`, a zero pad to
 * `[N, OH, s, OW, s, C]` and a reshape back). The padding is `fh − 1 − top` on top and what gives
 * `inputShape` at the bottom; a negative padding (explicit paddings wider than the filter) becomes
 * a cut of the result. Channels-first is refused like the wasm `Conv2D` refuses it.
 *
 * Windows that tile the input (stride = filter size, no padding: a ViT's patch embedding) take a
 * shortcut, as the spread `dy` would be ~s² zeros: one matmul `dy · Wᵀ`,
 * `[N·OH·OW, Cout]·[Cout, fh·fw·Cin]`, with each row's patch put back in place by a transpose.
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

  // dy spread by the stride: [N, OH·sh, OW·sw, Cout], the last sh − 1 rows (sw − 1 columns) zero.
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const six = reshape(backend, dy, [n, oh, 1, ow, 1, cout]);
    const padded = pad(backend, six, [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
    spread = reshape(backend, padded, [n, oh * sh, ow * sw, cout]);
    release(backend, six, padded);
  }
  const flipped = runNative("Reverse", backend, { x: filter }, { dims: [0, 1] });
  const kernel = transpose(backend, flipped, [0, 1, 3, 2]); // [fh, fw, Cout, Cin]
  release(backend, flipped);

  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  // Output rows = OH·sh + top + bottom − fh + 1; we want h of them.
  const bottom = h + fh - 1 - oh * sh - top;
  const right = w + fw - 1 - ow * sw - left;
  const full = runNative("Conv2D", backend, { x: spread, filter: kernel }, {
    strides: [1, 1],
    dilations: [1, 1],
    pad: [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [
      Math.max(0, left),
      Math.max(0, right),
    ], [0, 0]],
    dataFormat: "NHWC",
  });
  if (spread !== dy) release(backend, spread);
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
