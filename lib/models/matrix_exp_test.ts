import assert from "node:assert/strict";
import { expmSymmetric } from "./mod.ts";

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** e^A by its Taylor series, accurate for small ‖A‖: an independent oracle. */
function expmTaylor(a: Float64Array, n: number, terms = 40): Float64Array {
  const out = new Float64Array(n * n);
  let term = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = term[i * n + i] = 1;
  for (let t = 1; t < terms; t++) {
    const next = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += term[i * n + k] * a[k * n + j];
        next[i * n + j] = sum / t;
      }
    }
    term = next;
    for (let i = 0; i < n * n; i++) out[i] += term[i];
  }
  return out;
}

Deno.test("expmSymmetric() does the diagonal case", () => {
  const out = expmSymmetric(Float64Array.of(1, 0, 0, -2), 2);
  assert.ok(maxAbsDiff(out, [Math.E, 0, 0, Math.exp(-2)]) < 1e-14);
});

Deno.test("expmSymmetric() does [[0, t], [t, 0]] as cosh and sinh", () => {
  const t = 0.7;
  const out = expmSymmetric(Float64Array.of(0, t, t, 0), 2);
  const [c, s] = [Math.cosh(t), Math.sinh(t)];
  assert.ok(maxAbsDiff(out, [c, s, s, c]) < 1e-14);
});

Deno.test("expmSymmetric() does e^(αP + βQ) = e^α·P + e^β·Q for complementary projectors", () => {
  // The Hopfield design's h·Tτ has exactly this form (Li, Michel and Porod 1989).
  const u = [1, -1, 1].map((x) => x / Math.sqrt(3));
  const q = Float64Array.from({ length: 9 }, (_, k) => u[Math.floor(k / 3)] * u[k % 3]);
  const p = q.map((x, k) => (k % 4 === 0 ? 1 : 0) - x);
  const [alpha, beta] = [0.15, -1.5];
  const out = expmSymmetric(p.map((x, k) => alpha * x + beta * q[k]), 3);
  const expected = p.map((x, k) => Math.exp(alpha) * x + Math.exp(beta) * q[k]);
  assert.ok(maxAbsDiff(out, expected) < 1e-14);
});

Deno.test("expmSymmetric() matches the Taylor series on a random symmetric 12×12", () => {
  const n = 12;
  let state = 3;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647 - 0.5;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  assert.ok(maxAbsDiff(expmSymmetric(a, n), expmTaylor(a, n)) < 1e-12);
});
