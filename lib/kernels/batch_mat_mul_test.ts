import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "../backend/mod.ts";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const CASES: Case[] = [
  { a: [32, 50], b: [50, 50], transposeA: false, transposeB: false },
  { a: [128, 1600], b: [128, 10], transposeA: true, transposeB: false }, // dense weight gradient
  { a: [128, 10], b: [1600, 10], transposeA: false, transposeB: true }, // dense input gradient
  { a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { a: [4, 6, 5], b: [5, 3], transposeA: false, transposeB: false }, // batched a, shared b
  { a: [2, 3, 5, 6], b: [4, 5], transposeA: true, transposeB: true },
  { a: [5, 4, 3], b: [1, 1, 3, 2], transposeA: false, transposeB: false }, // broadcast batch
  { a: [3, 4, 6], b: [3, 5, 6], transposeA: false, transposeB: true }, // attention scores
  { a: [3, 6, 4], b: [3, 6, 5], transposeA: true, transposeB: false },
  { a: [1, 9], b: [9, 1], transposeA: false, transposeB: false },
  { a: [4, 3, 17, 8], b: [4, 3, 17, 8], transposeA: false, transposeB: true }, // multi-head scores
  { a: [4, 3, 17, 17], b: [4, 3, 17, 8], transposeA: false, transposeB: false }, // weights · values
  { a: [4, 3, 17, 17], b: [4, 3, 17, 8], transposeA: true, transposeB: false }, // their gradients
  { a: [2, 64, 5], b: [2, 7, 64], transposeA: true, transposeB: true }, // a wide inner size
  { a: [6, 1, 5], b: [6, 5, 1], transposeA: false, transposeB: false },
  { a: [5, 9], b: [4, 5, 7], transposeA: true, transposeB: false }, // shared a, batched b
  { a: [3, 700, 7], b: [700, 9], transposeA: true, transposeB: false }, // K over two passes of 320, shared b
  { a: [2, 3, 4], b: [2, 4, 0], transposeA: false, transposeB: false }, // empty result
  { a: [2, 32, 100], b: [2, 32, 100], transposeA: false, transposeB: true }, // small C, 32 wide
  { a: [2, 900, 5], b: [2, 900, 6], transposeA: true, transposeB: false }, // small C, long k
];

Deno.test("batchMatMulConfig() does match the cpu backend with and without transposes", async () => {
  for (const [i, c] of CASES.entries()) {
    const got = await onBothBackends(
      [randomHost(c.a, 110 + i), randomHost(c.b, 120 + i, { low: -2, high: 1 })],
      (a, b) => tf.matMul(a, b, c.transposeA, c.transposeB),
    );
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label: `case ${i} [${c.a}]·[${c.b}]` });
  }
});

Deno.test("batchMatMulConfig() does match the cpu backend on random batched products", async () => {
  const next = seededRandom(77);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  for (let i = 0; i < 12; i++) {
    const [batch, m, k, n] = [[int(2, 5), int(1, 3)], int(1, 20), int(1, 70), int(1, 20)];
    const [transposeA, transposeB] = [next() < 0.5, next() < 0.5];
    const a = [...batch, ...(transposeA ? [k, m] : [m, k])];
    const b = [...batch, ...(transposeB ? [n, k] : [k, n])];
    const got = await onBothBackends(
      [randomHost(a, 130 + i), randomHost(b, 140 + i, { low: -3, high: -0.5 })],
      (at, bt) => tf.matMul(at, bt, transposeA, transposeB),
    );
    const label = `[${a}]${transposeA ? "ᵀ" : ""}·[${b}]${transposeB ? "ᵀ" : ""}`;
    assertClose(got.wasm[0], got.cpu[0], { rtol: 1e-5, label });
  }
});

Deno.test("batchMatMulConfig() does reuse a transposed operand per shape and free it with its data", async () => {
  const got = await onBothBackends(
    [randomHost([6, 4], 150), randomHost([5, 4], 151), randomHost([3, 4], 152)],
    (a, w, c) => {
      // The same w transposed three times, once through a view of another shape.
      const first = tf.matMul(a, w, false, true); // [6, 5]
      const again = tf.matMul(a.mul(2), w, false, true);
      const view = tf.matMul(tf.ones([3, 2]), w.reshape([10, 2]), false, true); // [3, 10]
      // A fresh operand after w's data is freed must not see w's transposed copy.
      const fresh = tf.matMul(a, c.add(1), false, true); // [6, 3]
      return [first, again, view, fresh];
    },
  );
  for (const [k, cpu] of got.cpu.entries()) assertClose(got.wasm[k], cpu, { label: `output ${k}` });
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const before = backend.numDataIds();
  tf.tidy(() => {
    const w = tf.randomUniform([50, 40]);
    for (let i = 0; i < 3; i++) tf.matMul(tf.ones([8, 40]), w, false, true);
  });
  if (backend.numDataIds() !== before) {
    throw new Error(
      `Expected ${before} data ids on the wasm backend after the tidy, got ${backend.numDataIds()}`,
    );
  }
});
