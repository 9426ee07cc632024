import { symmetricEigen } from "./symmetric_eigen.ts";

/**
 * Matrix exponential e^A of a real symmetric matrix through its eigendecomposition,
 * e^A = V·diag(e^λ)·Vᵀ. Exact up to the eigensolver's rounding (a few ulps of e^‖A‖), unlike a
 * truncated series; the Hopfield design (MATLAB `newhop`, which calls `expm`) needs it for
 * `expm(h·Tτ)` with Tτ symmetric.
 *
 * @param a `[n, n]` row-major symmetric matrix.
 * @param n The order n.
 * @returns `[n, n]` row-major e^A, symmetric.
 * @example
 * ```ts
 * expmSymmetric(Float64Array.of(0, 1, 1, 0), 2); // [cosh 1, sinh 1, sinh 1, cosh 1]
 * ```
 */
export function expmSymmetric(a: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const exps = values.map(Math.exp);
  const out = new Float64Array(n * n);
  // out[i][j] = Σ_k V[i][k]·e^λk·V[j][k]; rows of V are contiguous, so loop k innermost.
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const rowI = vectors.subarray(i * n, (i + 1) * n);
    for (let k = 0; k < n; k++) scaled[k] = rowI[k] * exps[k];
    for (let j = i; j < n; j++) {
      const rowJ = vectors.subarray(j * n, (j + 1) * n);
      let sum = 0;
      for (let k = 0; k < n; k++) sum += scaled[k] * rowJ[k];
      out[i * n + j] = sum;
      out[j * n + i] = sum;
    }
  }
  return out;
}
