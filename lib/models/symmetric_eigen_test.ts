import assert from "node:assert/strict";
import { symmetricEigen } from "./mod.ts";

function randomSymmetric(n: number, seed: number): Float64Array {
  let state = seed;
  const next = () => (state = (state * 16807) % 2147483647) / 2147483647 - 0.5;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = next();
  }
  return a;
}

Deno.test("symmetricEigen() does a 2×2 by hand", () => {
  const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
  assert.ok(Math.abs(values[0] - 1) < 1e-14 && Math.abs(values[1] - 3) < 1e-14);
  // Eigenvector of 3 is (1, 1)/√2 up to sign.
  assert.ok(Math.abs(Math.abs(vectors[1]) - Math.SQRT1_2) < 1e-14);
  assert.ok(Math.abs(vectors[1] - vectors[3]) < 1e-14);
});

Deno.test("symmetricEigen() does A·V = V·Λ with orthonormal V on random matrices", () => {
  for (const n of [1, 3, 10, 40]) {
    const a = randomSymmetric(n, 7 + n);
    const { values, vectors: v } = symmetricEigen(a, n);
    let residual = 0;
    let orthogonality = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let av = 0;
        let vtv = 0;
        for (let k = 0; k < n; k++) {
          av += a[i * n + k] * v[k * n + j];
          vtv += v[k * n + i] * v[k * n + j];
        }
        residual = Math.max(residual, Math.abs(av - v[i * n + j] * values[j]));
        orthogonality = Math.max(orthogonality, Math.abs(vtv - (i === j ? 1 : 0)));
      }
    }
    assert.ok(residual < 1e-12, `n=${n}: residual ${residual}`);
    assert.ok(orthogonality < 1e-12, `n=${n}: orthogonality ${orthogonality}`);
    for (let j = 1; j < n; j++) assert.ok(values[j - 1] <= values[j]);
  }
});

Deno.test("symmetricEigen() does repeated eigenvalues of a projector", () => {
  // P = uuᵀ with u = (1, -1, 1)/√3: eigenvalues 0, 0, 1.
  const p = Float64Array.from({ length: 9 }, (_, k) => {
    const u = [1, -1, 1];
    return u[Math.floor(k / 3)] * u[k % 3] / 3;
  });
  const { values } = symmetricEigen(p, 3);
  assert.deepEqual(Array.from(values, (x) => Math.round(x * 1e12) / 1e12 + 0), [0, 0, 1]);
});

Deno.test("symmetricEigen() rejects a non-symmetric or misshaped matrix", () => {
  assert.throws(
    () => symmetricEigen(Float64Array.of(1, 2, 3, 4), 2),
    { message: "Matrix must be symmetric: A[1,0]=3 but A[0,1]=2" },
  );
  assert.throws(
    () => symmetricEigen(new Float64Array(5), 2),
    { message: "Matrix must be n×n = 4 values: got 5 for n=2" },
  );
});
