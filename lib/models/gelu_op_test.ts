import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import type { FusedPath } from "./_host_data.ts";
import { gelu, normalCdf } from "./gelu_op.ts";
import { useSimdKernels } from "../kernels/mod.ts";

/**
 * Φ(x) in double to ~1e-15 relative, by another method than the op's: erf's Taylor series for
 * |x|/√2 < 2, else erfc's continued fraction (Lentz).
 */
function referenceCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  let erfc: number;
  if (z < 2) {
    let term = z;
    let sum = z;
    for (let n = 1; n < 80; n++) {
      term *= -z * z / n;
      sum += term / (2 * n + 1);
    }
    erfc = 1 - 2 / Math.sqrt(Math.PI) * sum;
  } else {
    // erfc(z) = exp(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …))))
    let f = z;
    let c = z;
    let d = 0;
    for (let n = 1; n < 200; n++) {
      const a = n / 2;
      d = 1 / (z + a * d);
      c = z + a / c;
      f *= c * d;
    }
    erfc = Math.exp(-z * z) / Math.sqrt(Math.PI) / f;
  }
  return x < 0 ? erfc / 2 : 1 - erfc / 2;
}

const RTOL = 2e-7;
// float32's smallest subnormal: GELU(−30) ≈ −1.5e-196 is 0 in float32.
const F32_TINY = 1.5e-45;
const referenceGelu = (x: number) => x * referenceCdf(x);
const referenceSlope = (x: number) =>
  referenceCdf(x) + x * Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

/** Inputs over the whole range: normal draws (the ViT's hidden units), a grid, the tails. */
function inputs(n: number, seed: number): Float32Array {
  const draws = tf.tidy(() => tf.randomNormal([n], 0, 2, "float32", seed).dataSync());
  const grid = Array.from({ length: 2001 }, (_, i) => -10 + i / 100);
  return Float32Array.from([
    ...draws,
    ...grid,
    0,
    -7.999,
    7.999,
    -8,
    8,
    -30,
    30,
    1e-20,
    -1e-9,
    1 / 64,
    -5,
  ]);
}

/** GELU and its slope (the gradient of Σ GELU(x)) of `xs` on the current backend. */
function valueAndSlope(xs: Float32Array, path: FusedPath): [Float32Array, Float32Array] {
  return tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => gelu(t, path).sum())(x);
    value.dispose();
    return [Float32Array.from(gelu(x, path).dataSync()), Float32Array.from(grad.dataSync())];
  });
}

Deno.test("normalCdf() does match the reference Φ to 1.2e-7 relative, tails included", () => {
  for (let x = -12; x <= 12; x += 0.01) {
    const expected = referenceCdf(x);
    const worst = Math.abs(normalCdf(x) - expected) / expected;
    assert.ok(worst < 1.2e-7, `Φ(${x}): ${normalCdf(x)} vs ${expected}`);
  }
});

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`gelu() host path does match the exact GELU and its slope on ${backend}`, async () => {
    await initBackend(backend);
    const xs = inputs(128 * 17 * 16, 3);
    const [y, slope] = await expectNoLeak("gelu host", () => valueAndSlope(xs, "host"));
    for (let i = 0; i < xs.length; i++) {
      // The result's float32 rounding (≤ 6e-8) plus Φ's approximations (≤ 1.2e-7); the slope
      // crosses zero near x = −0.75, so its floor is float32's resolution at 1.
      const g = referenceGelu(xs[i]);
      const s = referenceSlope(xs[i]);
      assert.ok(
        Math.abs(y[i] - g) <= RTOL * Math.abs(g) + F32_TINY,
        `GELU(${xs[i]}): ${y[i]} vs ${g}`,
      );
      assert.ok(
        Math.abs(slope[i] - s) <= RTOL * Math.abs(s) + 1e-7,
        `slope(${xs[i]}): ${slope[i]} vs ${s}`,
      );
    }
  });

  Deno.test(`gelu() host path does match tfjs' gelu activation on ${backend}`, async () => {
    await initBackend(backend);
    const xs = inputs(4096, 5);
    const [y, slope] = valueAndSlope(xs, "host");
    const [tfY, tfSlope] = valueAndSlope(xs, "ops");
    const layer = tf.layers.activation({ activation: "gelu" });
    const layerY = tf.tidy(() => (layer.apply(tf.tensor1d(xs)) as tf.Tensor).dataSync());
    for (let i = 0; i < xs.length; i++) {
      // tfjs' erf (Abramowitz & Stegun 7.1.26) errs by up to 1.5e-7 absolute, so x·Φ(x) by
      // |x|·0.75e-7, and each of its four float32 ops rounds by up to 6e-8 relative.
      const tolerance = 2e-7 * (1 + Math.abs(xs[i]));
      assert.equal(tfY[i], layerY[i], `geluOps is tfjs' activation at ${xs[i]}`);
      assert.ok(Math.abs(y[i] - tfY[i]) <= tolerance, `GELU(${xs[i]}): ${y[i]} vs tfjs ${tfY[i]}`);
      assert.ok(
        Math.abs(slope[i] - tfSlope[i]) <= 2 * tolerance,
        `slope(${xs[i]}): ${slope[i]} vs tfjs ${tfSlope[i]}`,
      );
    }
  });
}

Deno.test("gelu() does give the same bits through the wasm kernel as through the host loop", async () => {
  await initBackend("wasm");
  // Every branch: far tails, below −5, the table, near zero, from 8 up; and a grid through all.
  const xs = Float32Array.from([
    ...Array.from({ length: 4001 }, (_, i) => -20 + i * 0.01),
    -1e-30,
    0,
    1e-30,
    -5,
    8,
    -8,
    1 / 64,
    -1 / 64,
  ]);
  const runs = (["relaxed", "off"] as const).map((mode) => {
    useSimdKernels(mode); // off: the JavaScript loop
    try {
      return valueAndSlope(xs, "host");
    } finally {
      useSimdKernels(undefined);
    }
  });
  assert.deepEqual(Array.from(runs[0][0]), Array.from(runs[1][0]), "GELU");
  assert.deepEqual(Array.from(runs[0][1]), Array.from(runs[1][1]), "slope");
});
