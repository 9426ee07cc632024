import assert from "node:assert/strict";
import { designHopfield } from "./mod.ts";

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

Deno.test("designHopfield() does W = e^h·I, b = 0 when Y spans the whole space", () => {
  const net = designHopfield([[1, 1], [-1, -1], [1, -1]]);
  const e = Math.exp(0.15);
  assert.ok(maxAbsDiff(net.weights, [e, 0, 0, e]) < 1e-14);
  assert.ok(maxAbsDiff(net.bias, [0, 0]) < 1e-14);
});

Deno.test("designHopfield() does the closed form e^h·TP + e^(−τh)·TM in 3-D", () => {
  // range(Y) ⟂ n = (1, −1, 1)/√3, so TM = nnᵀ and b = C2·(1 + τ)·(n·t3)·n.
  const net = designHopfield([[1, 1, 1], [-1, -1, 1], [1, -1, -1]]);
  const n = [1, -1, 1].map((x) => x / Math.sqrt(3));
  const w = Array.from({ length: 9 }, (_, k) => {
    const tm = n[Math.floor(k / 3)] * n[k % 3];
    return Math.exp(0.15) * ((k % 4 === 0 ? 1 : 0) - tm) + Math.exp(-1.5) * tm;
  });
  const c2 = (1 - Math.exp(-1.5)) / 10;
  const b = n.map((x) => c2 * 11 * (1 / Math.sqrt(3)) * x);
  assert.ok(maxAbsDiff(net.weights, w) < 1e-13);
  assert.ok(maxAbsDiff(net.bias, b) < 1e-13);
});

Deno.test("designHopfield() does the Hebbian rule with a zero diagonal", () => {
  const net = designHopfield([[1, -1], [1, -1]], { rule: "hebbian" });
  assert.deepEqual(Array.from(net.weights), [0, -1, -1, 0]);
  assert.deepEqual(Array.from(net.bias), [0, 0]);
});

Deno.test("designHopfield() rejects patterns of different lengths", () => {
  assert.throws(
    () => designHopfield([[1, 1], [1, 1, 1]]),
    { message: "Pattern 1 must have 2 entries like pattern 0: got 3" },
  );
});
