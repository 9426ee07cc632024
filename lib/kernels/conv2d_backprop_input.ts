import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type {
  Conv2DBackpropInputAttrs,
  KernelConfig,
  KernelFunc,
  TensorInfo,
} from "@tensorflow/tfjs-core";
import { pad, release, reshape, runNative, slice, transpose } from "./_native.ts";

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
