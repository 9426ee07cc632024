/**
 * Test support: run the same computation on the cpu backend (the oracle) and on wasm.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { AssertionError } from "node:assert";
import { initBackend, seededRandom } from "../backend/mod.ts";

/** Plain data for one input tensor, so each backend builds its own copy. */
export interface HostTensor {
  /** The shape, e.g. `[batch, 28, 28, 1]`. */
  shape: number[];
  /** The values, row-major. */
  values: Float32Array;
}

/** What {@linkcode onBothBackends} returns: each output's values on both backends. */
export interface BackendPair {
  /** The outputs on the cpu backend, in the order `f` returned them. */
  cpu: HostTensor[];
  /** The outputs on the wasm backend. */
  wasm: HostTensor[];
}

/**
 * Uniform random data in `[low, high)` from a seeded generator.
 *
 * @param shape The shape.
 * @param seed The generator's seed.
 * @param options `low` (default −1) and `high` (default 1).
 * @returns The data.
 */
export function randomHost(
  shape: number[],
  seed: number,
  options: { low?: number; high?: number } = {},
): HostTensor {
  const { low = -1, high = 1 } = options;
  const next = seededRandom(seed);
  const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
  for (let i = 0; i < values.length; i++) values[i] = low + (high - low) * next();
  return { shape, values };
}

/**
 * Run `f` on the cpu backend and on the wasm backend (with this folder's kernels) with the same
 * inputs, and return the outputs of both; the backend active before is active again after.
 *
 * @param inputs The inputs, built as fresh tensors on each backend.
 * @param f The computation; may return one tensor or several.
 * @returns The outputs on both backends.
 */
export async function onBothBackends(
  inputs: HostTensor[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<BackendPair> {
  const previous = tf.engine().backendName as string | null;
  await initBackend("wasm");
  const run = async (name: "cpu" | "wasm"): Promise<HostTensor[]> => {
    await tf.setBackend(name);
    const xs = inputs.map((x) => tf.tensor(x.values, x.shape, "float32"));
    const out = tf.tidy(() => f(...xs));
    const list = Array.isArray(out) ? out : [out];
    const host = list.map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
    tf.dispose([...xs, ...list]);
    return host;
  };
  try {
    const cpu = await run("cpu");
    const wasm = await run("wasm");
    return { cpu, wasm };
  } finally {
    if (previous === "cpu" || previous === "webgpu") await initBackend(previous);
    else await tf.setBackend("wasm"); // initBackend("wasm") is a no-op while it counts as active
  }
}

/**
 * Assert that `actual` equals `expected` in shape and, within `rtol` times the largest magnitude
 * of `expected`, in value.
 *
 * @param actual The values under test (wasm).
 * @param expected The oracle's values (cpu).
 * @param options `rtol` (default 1e-4) and a `label` for the message.
 * @returns The largest difference relative to the magnitude.
 */
export function assertClose(
  actual: HostTensor,
  expected: HostTensor,
  options: { rtol?: number; label?: string } = {},
): number {
  const { rtol = 1e-4, label = "values" } = options;
  if (actual.shape.join(",") !== expected.shape.join(",")) {
    throw new AssertionError({
      message: `${label}: expected shape [${expected.shape}], got [${actual.shape}]`,
    });
  }
  let magnitude = 0;
  for (const v of expected.values) magnitude = Math.max(magnitude, Math.abs(v));
  const scale = magnitude > 0 ? magnitude : 1;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.values.length; i++) {
    const d = Math.abs(actual.values[i] - expected.values[i]);
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  const relative = worst / scale;
  if (!(relative <= rtol)) {
    throw new AssertionError({
      message: `${label}: max difference ${worst} at index ${at} (wasm ${actual.values[at]}, ` +
        `cpu ${expected.values[at]}) is ${relative} of the magnitude ${magnitude}, above ${rtol}`,
    });
  }
  return relative;
}
