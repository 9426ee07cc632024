import { expmSymmetric } from "./matrix_exp.ts";

/** A Hopfield network a ← f(W·a + b) with S neurons. */
export interface HopfieldNet {
  /** Number of neurons S. */
  size: number;
  /** `[S, S]` row-major weight matrix W. */
  weights: Float64Array;
  /** `[S]` bias b. */
  bias: Float64Array;
  /** The stored patterns, each `[S]` with entries ±1. */
  patterns: Float64Array[];
}

/** Options of {@linkcode designHopfield}. */
export interface HopfieldDesignOptions {
  /**
   * `lmp`: the Li–Michel–Porod design of MATLAB's `newhop`, the course's default; `hebbian`:
   * W = (1/S)·Σ t·tᵀ with a zero diagonal and b = 0.
   * @default "lmp"
   */
  rule?: "lmp" | "hebbian";
  /** Stiffness τ of the design (newhop). @default 10 */
  tau?: number;
  /** Step h of the design (newhop). @default 0.15 */
  h?: number;
}

/**
 * Store patterns in a Hopfield network. The default is the Li–Michel–Porod (1989) design used by
 * MATLAB's `newhop`, as the course's notes spell it out: with the Q targets as columns of T,
 * Y = [t₁ − t_Q, …, t_{Q−1} − t_Q]; TP projects on range(Y) (the first K = rank(Y) left singular
 * vectors), TM = I − TP; Tτ = TP − τ·TM; Iτ = t_Q − Tτ·t_Q; W = expm(h·Tτ);
 * b = U·diag(C₁ (K times), C₂ (S−K times))·Uᵀ·Iτ = C₁·TP·Iτ + C₂·TM·Iτ with C₁ = e^h − 1,
 * C₂ = −(e^(−τh) − 1)/τ.
 *
 * @param patterns Q patterns, each of S entries ±1.
 * @param options Design rule and its constants.
 * @returns The network.
 * @example
 * ```ts
 * const net = designHopfield([[1, 1], [-1, -1], [1, -1]]);
 * net.weights; // e^0.15·I: with two neurons range(Y) is the whole plane
 * ```
 */
export function designHopfield(
  patterns: ArrayLike<number>[],
  options: HopfieldDesignOptions = {},
): HopfieldNet {
  const q = patterns.length;
  const size = patterns[0]?.length ?? 0;
  if (q < 1 || size < 1) {
    throw new RangeError(`Need at least one pattern of at least one neuron: got ${q} patterns`);
  }
  const stored = patterns.map((p, i) => {
    if (p.length !== size) {
      throw new RangeError(
        `Pattern ${i} must have ${size} entries like pattern 0: got ${p.length}`,
      );
    }
    return Float64Array.from(p);
  });
  const rule = options.rule ?? "lmp";
  if (rule === "hebbian") return hebbian(stored, size);
  if (rule !== "lmp") {
    throw new RangeError(`Unknown Hopfield rule ${rule}: valid rules are lmp, hebbian`);
  }

  const tau = options.tau ?? 10;
  const h = options.h ?? 0.15;
  const last = stored[q - 1];
  const y = stored.slice(0, q - 1).map((t) => t.map((x, i) => x - last[i]));
  const basis = orthonormalBasis(y, size); // K orthonormal vectors spanning range(Y)
  const tp = new Float64Array(size * size);
  for (const u of basis) {
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) tp[i * size + j] += u[i] * u[j];
    }
  }
  // Tτ = TP − τ·TM = (1 + τ)·TP − τ·I.
  const tTau = tp.map((x, k) => (1 + tau) * x - (k % (size + 1) === 0 ? tau : 0));
  const weights = expmSymmetric(tTau.map((x) => h * x), size);
  const iTau = last.map((x, i) => x - dot(tTau.subarray(i * size, (i + 1) * size), last));
  const c1 = Math.exp(h) - 1;
  const c2 = -(Math.exp(-tau * h) - 1) / tau;
  const tpI = new Float64Array(size).map((_, i) =>
    dot(tp.subarray(i * size, (i + 1) * size), iTau)
  );
  // b = C1·TP·Iτ + C2·(I − TP)·Iτ
  const bias = tpI.map((x, i) => c1 * x + c2 * (iTau[i] - x));
  return { size, weights, bias, patterns: stored };
}

function hebbian(stored: Float64Array[], size: number): HopfieldNet {
  const weights = new Float64Array(size * size);
  for (const t of stored) {
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) if (i !== j) weights[i * size + j] += t[i] * t[j] / size;
    }
  }
  return { size, weights, bias: new Float64Array(size), patterns: stored };
}

/**
 * Orthonormal basis of the span of vectors by Gram–Schmidt with re-orthogonalisation; a vector
 * whose remainder is below 1e-10 of the largest input norm is dependent (MATLAB `rank` uses a
 * similar relative cut on the singular values).
 */
function orthonormalBasis(vectors: Float64Array[], size: number): Float64Array[] {
  const scale = Math.max(0, ...vectors.map((v) => Math.sqrt(dot(v, v))));
  const basis: Float64Array[] = [];
  for (const v of vectors) {
    const r = Float64Array.from(v);
    for (let pass = 0; pass < 2; pass++) {
      for (const u of basis) {
        const c = dot(u, r);
        for (let i = 0; i < size; i++) r[i] -= c * u[i];
      }
    }
    const norm = Math.sqrt(dot(r, r));
    if (norm > 1e-10 * scale) basis.push(r.map((x) => x / norm));
  }
  return basis;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
