/**
 * The convolution (forward and gradients) and pooling gradient kernels against the cpu backend on
 * seeded random shapes, strides and paddings ('same', 'valid', explicit), with inputs of both signs
 * and all negative.
 * (tfjs-core refuses gradients of dilated convolutions and pools have no dilation attribute, so
 * these kernels never see a dilation above 1.)
 */
import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "../backend/mod.ts";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

type Pad = "same" | "valid" | [[0, 0], [number, number], [number, number], [0, 0]];

/** Draws from a seeded generator: an integer in [lo, hi], one of a list. */
function drawer(seed: number) {
  const next = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: T[]): T => list[int(0, list.length - 1)];
  return { int, pick };
}

/** A random conv setting whose output is at least 1×1. */
function randomConv(seed: number) {
  const { int, pick } = drawer(seed);
  const fh = int(1, 5);
  const fw = int(1, 5);
  const x: [number, number, number, number] = [int(1, 3), int(fh, 12), int(fw, 12), int(1, 5)];
  const filter: [number, number, number, number] = [fh, fw, x[3], int(1, 5)];
  const strides: [number, number] = [int(1, 3), int(1, 3)];
  const kind = pick(["same", "valid", "explicit"]);
  const pad: Pad = kind === "explicit"
    ? [[0, 0], [int(0, fh + 1), int(0, fh + 1)], [int(0, fw + 1), int(0, fw + 1)], [0, 0]]
    : kind as "same" | "valid";
  const out = tf.backend_util.computeConv2DInfo(x, filter, strides, 1, pad).outShape;
  return { x, filter, strides, pad, out, negative: int(0, 1) === 1 };
}

const CONV_CASES = Array.from({ length: 16 }, (_, i) => randomConv(1000 + i));

Deno.test("conv2dBackpropFilterConfig() does match the cpu backend on random settings", async () => {
  for (const [i, c] of CONV_CASES.entries()) {
    const range = c.negative ? { low: -3, high: -0.1 } : { low: -2, high: 2 };
    const got = await onBothBackends(
      [randomHost(c.x, 1100 + i, range), randomHost(c.out, 1200 + i)],
      (x, dy) =>
        tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
          strides: c.strides,
          pad: c.pad,
          dataFormat: "NHWC",
          filterShape: c.filter,
        }) as tf.Tensor,
    );
    const label = `x [${c.x}] filter [${c.filter}] strides [${c.strides}] pad ${
      JSON.stringify(c.pad)
    }`;
    assertClose(got.wasm[0], got.cpu[0], { label });
  }
});

Deno.test("conv2dConfig() does match the cpu backend on random settings", async () => {
  for (const [i, c] of CONV_CASES.entries()) {
    const range = c.negative ? { low: -3, high: -0.1 } : { low: -2, high: 2 };
    const got = await onBothBackends(
      [randomHost(c.x, 1500 + i, range), randomHost(c.filter, 1600 + i)],
      (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad),
    );
    const label = `x [${c.x}] filter [${c.filter}] strides [${c.strides}] pad ${
      JSON.stringify(c.pad)
    }`;
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label });
  }
});

Deno.test("conv2dBackpropInputConfig() does match the cpu backend on random settings", async () => {
  for (const [i, c] of CONV_CASES.entries()) {
    const range = c.negative ? { low: -3, high: -0.1 } : { low: -2, high: 2 };
    const got = await onBothBackends(
      [randomHost(c.out, 1300 + i, range), randomHost(c.filter, 1400 + i)],
      (dy, filter) =>
        tf.engine().runKernel("Conv2DBackpropInput", { dy, filter }, {
          inputShape: c.x,
          strides: c.strides,
          pad: c.pad,
          dataFormat: "NHWC",
        }) as tf.Tensor,
    );
    const label = `x [${c.x}] filter [${c.filter}] strides [${c.strides}] pad ${
      JSON.stringify(c.pad)
    }`;
    assertClose(got.wasm[0], got.cpu[0], { label });
  }
});

Deno.test("maxPoolGradConfig() does match the cpu backend on random settings", async () => {
  for (let i = 0; i < 16; i++) {
    const { int, pick } = drawer(2000 + i);
    const filterSize: [number, number] = [int(1, 4), int(1, 4)];
    // Half the cases tile the input (stride = window), the others any stride.
    const strides: [number, number] = i % 2 === 0 ? filterSize : [int(1, 3), int(1, 3)];
    const pad = pick(["same", "valid"] as const);
    const x = [int(1, 3), int(filterSize[0], 11), int(filterSize[1], 11), int(1, 4)];
    const out = tf.backend_util.computePool2DInfo(
      x as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
    )
      .outShape;
    const range = i % 4 < 2 ? { low: -4, high: -0.5 } : { low: -2, high: 2 };
    const got = await onBothBackends(
      [randomHost(x, 2100 + i, range), randomHost(out, 2200 + i)],
      (xt, dy) => {
        const y = tf.maxPool(xt as tf.Tensor4D, filterSize, strides, pad);
        return tf.engine().runKernel("MaxPoolGrad", { dy, input: xt, output: y }, {
          filterSize,
          strides,
          pad,
        }) as tf.Tensor;
      },
    );
    const label = `x [${x}] window [${filterSize}] strides [${strides}] ${pad}`;
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-6, label });
  }
});
