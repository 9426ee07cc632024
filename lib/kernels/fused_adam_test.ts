import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { FUSED_ADAM, type FusedAdamAttrs, registerFusedAdam, useSimdKernels } from "./mod.ts";
import { type HostTensor, randomHost } from "./_both_backends.ts";

/** tfjs-core 4.22's `AdamOptimizer.applyGradients` for one variable, op by op. */
function coreAdam(
  [x, m, v, g]: tf.Tensor[],
  attrs: FusedAdamAttrs,
): tf.Tensor[] {
  const { beta1, beta2, epsilon, learningRate } = attrs;
  const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
  const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
  const mHat = tf.div(m1, tf.sub(1, tf.scalar(attrs.accBeta1)));
  const vHat = tf.div(v1, tf.sub(1, tf.scalar(attrs.accBeta2)));
  const x1 = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate), x);
  return [x1, m1, v1];
}

/** Two variables' `[x, m, v, g]`, m and v as after some steps (v ≥ 0). */
function state(seed: number): HostTensor[] {
  const shapes = [[3, 5], [7, 37]]; // 15 and 259 values: four-lane blocks and a tail
  return shapes.flatMap((shape, k) => {
    const [x, m, v, g] = [0, 1, 2, 3].map((j) =>
      randomHost(shape, 10 * seed + 4 * k + j, j === 2 ? { low: 0, high: 1e-3 } : {})
    );
    return [x, m, v, g];
  });
}

const ATTRS: FusedAdamAttrs = {
  count: 2,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  learningRate: 1e-3,
  accBeta1: Math.fround(0.9 ** 3),
  accBeta2: Math.fround(0.999 ** 3),
};

/** Run the fused kernel and tfjs-core's op chain on `backend`; return both outputs' values. */
async function both(backend: "wasm" | "cpu", host: HostTensor[]) {
  await initBackend(backend);
  const ts = host.map((h) => tf.tensor(h.values, h.shape));
  const inputs: Record<string, tf.Tensor> = {};
  for (let k = 0; k < ATTRS.count; k++) {
    ["x", "m", "v", "g"].forEach((key, j) => inputs[`${key}${k}`] = ts[4 * k + j]);
  }
  const before = tf.memory().numTensors;
  const fused = tf.engine().runKernel(
    FUSED_ADAM,
    inputs as unknown as tf.NamedTensorMap,
    ATTRS as unknown as tf.NamedAttrMap,
  ) as tf.Tensor[];
  assert.equal(tf.memory().numTensors, before + 3 * ATTRS.count);
  const core = tf.tidy(() => [0, 1].flatMap((k) => coreAdam(ts.slice(4 * k, 4 * k + 4), ATTRS)));
  const read = (list: tf.Tensor[]) => list.map((t) => Array.from(t.dataSync()));
  const out = { fused: read(fused), core: read(core) };
  tf.dispose([...ts, ...fused, ...core]);
  return out;
}

Deno.test("fusedAdamWasmConfig() does give tfjs-core's Adam bits on wasm and cpu", async () => {
  registerFusedAdam();
  try {
    for (const seed of [1, 2, 3]) {
      const host = state(seed);
      const cpu = await both("cpu", host);
      assert.deepEqual(cpu.fused, cpu.core, `seed ${seed}: cpu`);
      // The SIMD kernel in both builds (no fused multiply-add in either) and the host loop.
      for (const mode of ["relaxed", "plain", "off"] as const) {
        useSimdKernels(mode);
        const wasm = await both("wasm", host);
        // Same bits as the op chain on each backend, and the same bits on both backends.
        assert.deepEqual(wasm.fused, wasm.core, `seed ${seed}: wasm ${mode}`);
        assert.deepEqual(wasm.fused, cpu.fused, `seed ${seed}: wasm ${mode} vs cpu`);
      }
    }
  } finally {
    useSimdKernels(undefined);
    await initBackend("wasm");
  }
});

Deno.test("fusedAdamWasmConfig() does refuse moments of another shape", async () => {
  await initBackend("wasm");
  registerFusedAdam();
  const [x, m, v] = [tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([2, 3])];
  const g = tf.zeros([3, 2]);
  assert.throws(
    () =>
      tf.engine().runKernel(
        FUSED_ADAM,
        { x0: x, m0: m, v0: v, g0: g },
        { ...ATTRS, count: 1 } as unknown as tf.NamedAttrMap,
      ),
    { message: "FusedAdam expects g0 of shape [2,3] like x0: got [3,2]" },
  );
  tf.dispose([x, m, v, g]);
});

Deno.test("registerFusedAdam() does nothing when the kernels are registered", () => {
  registerFusedAdam();
  assert.deepEqual(registerFusedAdam(), []);
  assert.notEqual(tf.getKernel(FUSED_ADAM, "wasm"), undefined);
  assert.notEqual(tf.getKernel(FUSED_ADAM, "cpu"), undefined);
});
