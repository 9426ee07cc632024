/**
 * L-BFGS as PyTorch's `torch.optim.LBFGS` runs it, which the course used for optimizer 5 of
 * section 1.3.2: two-loop recursion over a history of curvature pairs, an initial Hessian scale
 * `sᵀy / yᵀy`, and an optional strong-Wolfe line search with cubic interpolation
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., algorithms 7.4 and 3.5–3.6).
 *
 * The optimizer works on a flat float64 parameter vector behind an {@linkcode LbfgsProblem}; the
 * problem reads, writes and differentiates whatever the parameters are (a model's variables, a
 * test function). Reads may be asynchronous, as reads from a GPU are.
 *
 * @module
 */

/** A loss with its gradient. */
export interface LbfgsEvaluation {
  loss: number;
  grad: Float64Array;
}

/** What L-BFGS optimizes: a flat parameter vector with its loss and gradient. */
export interface LbfgsProblem {
  /** Number of parameters. */
  readonly size: number;
  /** A copy of the current parameters, length `size`. */
  get(): Float64Array | Promise<Float64Array>;
  /** Replace the parameters with `x`, length `size`. */
  set(x: Float64Array): void;
  /** Loss and gradient (length `size`) at the current parameters. */
  evaluate(): LbfgsEvaluation | Promise<LbfgsEvaluation>;
}

/** Options of {@linkcode Lbfgs}; defaults are PyTorch's. */
export interface LbfgsOptions {
  /** Step length multiplier. @default 1 */
  lr?: number;
  /** Iterations per call of `step`. @default 20 */
  maxIter?: number;
  /** Function evaluations per call of `step`. @default maxIter · 5 / 4, rounded down */
  maxEval?: number;
  /** Stop when the largest absolute gradient entry is at most this. @default 1e-7 */
  toleranceGrad?: number;
  /** Stop when the loss or the step changes by less than this. @default 1e-9 */
  toleranceChange?: number;
  /** Curvature pairs kept. @default 100 */
  historySize?: number;
  /** `"strong_wolfe"` or none (fixed step `lr`). @default undefined */
  lineSearch?: "strong_wolfe";
  /** Sufficient-decrease constant of the Wolfe conditions. @default 1e-4 */
  c1?: number;
  /** Curvature constant of the strong Wolfe conditions. @default 0.9 */
  c2?: number;
  /** Line-search evaluations at most. @default 25 */
  maxLineSearch?: number;
}

/** What one accepted line-search step did, for checking the Wolfe conditions. */
export interface LbfgsStepInfo {
  /** Loss before the step. */
  loss: number;
  /** Directional derivative gᵀd before the step (negative). */
  gtd: number;
  /** Accepted step length. */
  t: number;
  /** Loss after the step. */
  newLoss: number;
  /** Directional derivative g(x + t·d)ᵀd after the step. */
  newGtd: number;
  /** Function evaluations the line search spent. */
  evaluations: number;
}

/**
 * Limited-memory BFGS, a line-by-line port of `torch.optim.LBFGS.step` (PyTorch 2.x) onto
 * float64 vectors.
 *
 * @example
 * ```ts
 * // Minimize (x - 3)² from 0.
 * let x = new Float64Array([0]);
 * const problem = {
 *   size: 1,
 *   get: () => x.slice(),
 *   set: (v: Float64Array) => { x = v.slice(); },
 *   evaluate: () => ({ loss: (x[0] - 3) ** 2, grad: new Float64Array([2 * (x[0] - 3)]) }),
 * };
 * await new Lbfgs({ lineSearch: "strong_wolfe" }).step(problem);
 * Math.abs(x[0] - 3) < 1e-6; // true
 * ```
 */
export class Lbfgs {
  /** The resolved options. */
  readonly options: Readonly<Required<Omit<LbfgsOptions, "lineSearch">>> & {
    readonly lineSearch?: "strong_wolfe";
  };
  /** Iterations run over all calls of `step`. */
  iterations = 0;
  /** Function evaluations over all calls of `step`. */
  evaluations = 0;
  /** The last line-search step, when a line search ran. */
  lastStep?: LbfgsStepInfo;

  #d?: Float64Array;
  #t = 0;
  #oldDirs: Float64Array[] = [];
  #oldSteps: Float64Array[] = [];
  #ro: number[] = [];
  #hDiag = 1;
  #prevGrad?: Float64Array;
  #prevLoss = 0;

  /**
   * @param options Step length, iterations, tolerances, history and line search.
   */
  constructor(options: LbfgsOptions = {}) {
    const maxIter = options.maxIter ?? 20;
    this.options = {
      lr: options.lr ?? 1,
      maxIter,
      maxEval: options.maxEval ?? Math.floor((maxIter * 5) / 4),
      toleranceGrad: options.toleranceGrad ?? 1e-7,
      toleranceChange: options.toleranceChange ?? 1e-9,
      historySize: options.historySize ?? 100,
      lineSearch: options.lineSearch,
      c1: options.c1 ?? 1e-4,
      c2: options.c2 ?? 0.9,
      maxLineSearch: options.maxLineSearch ?? 25,
    };
    if (!(this.options.lr > 0) || this.options.maxIter < 1 || this.options.historySize < 1) {
      throw new RangeError(
        `L-BFGS needs lr > 0, maxIter ≥ 1 and historySize ≥ 1: got lr ${this.options.lr}, maxIter ${this.options.maxIter}, historySize ${this.options.historySize}`,
      );
    }
  }

  /**
   * Run up to `maxIter` iterations on the problem, leaving it at the new parameters.
   *
   * @param problem The parameters with their loss and gradient.
   * @returns The loss at the parameters the call started from, as PyTorch returns it.
   */
  async step(problem: LbfgsProblem): Promise<number> {
    const o = this.options;
    let { loss, grad } = await problem.evaluate();
    checkSize(grad, problem.size);
    const origLoss = loss;
    let currentEvals = 1;
    this.evaluations++;
    if (maxAbs(grad) <= o.toleranceGrad) return origLoss;

    let d = this.#d;
    let t = this.#t;
    let nIter = 0;
    while (nIter < o.maxIter) {
      nIter++;
      this.iterations++;

      // Direction: steepest descent first, then the two-loop recursion.
      if (this.iterations === 1 || !d) {
        d = scaled(grad, -1);
        this.#oldDirs = [];
        this.#oldSteps = [];
        this.#ro = [];
        this.#hDiag = 1;
      } else {
        const y = difference(grad, this.#prevGrad!);
        const s = scaled(d, t);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (this.#oldDirs.length === o.historySize) {
            this.#oldDirs.shift();
            this.#oldSteps.shift();
            this.#ro.shift();
          }
          this.#oldDirs.push(y);
          this.#oldSteps.push(s);
          this.#ro.push(1 / ys);
          this.#hDiag = ys / dot(y, y);
        }
        d = this.#direction(grad);
      }
      this.#prevGrad = grad.slice();
      this.#prevLoss = loss;

      // Step length: the first iteration ever is scaled by the gradient's 1-norm.
      t = this.iterations === 1 ? Math.min(1, 1 / sumAbs(grad)) * o.lr : o.lr;
      const gtd = dot(grad, d);
      if (gtd > -o.toleranceChange) break;

      let lsEvals = 0;
      const xInit = await problem.get();
      if (o.lineSearch === "strong_wolfe") {
        const direction = d;
        const objective = async (step: number) => {
          problem.set(axpy(xInit, step, direction));
          const out = await problem.evaluate();
          checkSize(out.grad, problem.size);
          return out;
        };
        const found = await strongWolfe(objective, t, d, loss, grad, gtd, o);
        this.lastStep = {
          loss,
          gtd,
          t: found.t,
          newLoss: found.loss,
          newGtd: found.gtd,
          evaluations: found.evaluations,
        };
        loss = found.loss;
        grad = found.grad;
        t = found.t;
        lsEvals = found.evaluations;
        problem.set(axpy(xInit, t, d));
      } else {
        problem.set(axpy(xInit, t, d));
        if (nIter !== o.maxIter) {
          // In a stochastic setting the re-evaluation after the last iteration is wasted.
          ({ loss, grad } = await problem.evaluate());
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      this.evaluations += lsEvals;

      if (nIter === o.maxIter || currentEvals >= o.maxEval) break;
      if (maxAbs(grad) <= o.toleranceGrad) break;
      if (Math.abs(t) * maxAbs(d) <= o.toleranceChange) break;
      if (Math.abs(loss - this.#prevLoss) < o.toleranceChange) break;
    }
    this.#d = d;
    this.#t = t;
    return origLoss;
  }

  /** The two-loop recursion: −H·g from the stored pairs and the scale `hDiag`. */
  #direction(grad: Float64Array): Float64Array {
    const count = this.#oldDirs.length;
    const al = new Float64Array(count);
    const q = scaled(grad, -1);
    for (let i = count - 1; i >= 0; i--) {
      al[i] = dot(this.#oldSteps[i], q) * this.#ro[i];
      addScaled(q, -al[i], this.#oldDirs[i]);
    }
    const r = scaled(q, this.#hDiag);
    for (let i = 0; i < count; i++) {
      const be = dot(this.#oldDirs[i], r) * this.#ro[i];
      addScaled(r, al[i] - be, this.#oldSteps[i]);
    }
    return r;
  }
}

interface LineSearchResult extends LbfgsEvaluation {
  t: number;
  gtd: number;
  evaluations: number;
}

/**
 * Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to bounds
 * (PyTorch `_cubic_interpolate`; Nocedal & Wright eq. 3.59).
 */
function cubicInterpolate(
  x1: number,
  f1: number,
  g1: number,
  x2: number,
  f2: number,
  g2: number,
  bounds?: [number, number],
): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2
      ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
      : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

/** PyTorch `_strong_wolfe`: bracketing, then zoom with safeguarded cubic interpolation. */
async function strongWolfe(
  objective: (t: number) => Promise<LbfgsEvaluation>,
  t0: number,
  d: Float64Array,
  f: number,
  g: Float64Array,
  gtd: number,
  o: Required<Pick<LbfgsOptions, "c1" | "c2" | "toleranceChange" | "maxLineSearch">>,
): Promise<LineSearchResult> {
  const { c1, c2, toleranceChange, maxLineSearch: maxLs } = o;
  const dNorm = maxAbs(d);
  let t = t0;
  let { loss: fNew, grad: gNew } = await objective(t);
  let evaluations = 1;
  let gtdNew = dot(gNew, d);

  let tPrev = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: number[] = [];
  let bracketF: number[] = [];
  let bracketG: Float64Array[] = [];
  let bracketGtd: number[] = [];

  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      [bracket, bracketF, bracketG, bracketGtd] = [[t], [fNew], [gNew], [gtdNew]];
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      [bracket, bracketF, bracketG, bracketGtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    // Extrapolate: at least 1% beyond t, at most 10·t.
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const previous = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = previous;
    fPrev = fNew;
    gPrev = gNew;
    gtdPrev = gtdNew;
    ({ loss: fNew, grad: gNew } = await objective(t));
    evaluations++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === maxLs) {
    [bracket, bracketF, bracketG, bracketGtd] = [[0, t], [f, fNew], [g, gNew], [gtd, gtdNew]];
  }

  // Zoom: shrink the bracket until a point satisfies the strong Wolfe conditions.
  let insufficientProgress = false;
  let [low, high] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
    t = cubicInterpolate(
      bracket[0],
      bracketF[0],
      bracketGtd[0],
      bracket[1],
      bracketF[1],
      bracketGtd[1],
    );
    // Keep trial points at least 10% of the bracket away from its ends when progress stalls.
    const top = Math.max(...bracket);
    const bottom = Math.min(...bracket);
    const eps = 0.1 * (top - bottom);
    if (Math.min(top - t, t - bottom) < eps) {
      if (insufficientProgress || t >= top || t <= bottom) {
        t = Math.abs(t - top) < Math.abs(t - bottom) ? top - eps : bottom + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }

    ({ loss: fNew, grad: gNew } = await objective(t));
    evaluations++;
    gtdNew = dot(gNew, d);
    lsIter++;

    if (fNew > f + c1 * t * gtd || fNew >= bracketF[low]) {
      bracket[high] = t;
      bracketF[high] = fNew;
      bracketG[high] = gNew;
      bracketGtd[high] = gtdNew;
      [low, high] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        bracket[high] = bracket[low];
        bracketF[high] = bracketF[low];
        bracketG[high] = bracketG[low];
        bracketGtd[high] = bracketGtd[low];
      }
      bracket[low] = t;
      bracketF[low] = fNew;
      bracketG[low] = gNew;
      bracketGtd[low] = gtdNew;
    }
  }
  if (bracket.length === 1) low = 0;
  return {
    t: bracket[low],
    loss: bracketF[low],
    grad: bracketG[low],
    gtd: bracketGtd[low],
    evaluations,
  };
}

function checkSize(grad: Float64Array, size: number): void {
  if (grad.length !== size) {
    throw new RangeError(`Gradient length must equal the problem size ${size}: got ${grad.length}`);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

function sumAbs(a: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]);
  return sum;
}

function scaled(a: Float64Array, k: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * k;
  return out;
}

function difference(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}

/** `x + t·d` as a new vector. */
function axpy(x: Float64Array, t: number, d: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + t * d[i];
  return out;
}

/** `a += k·b` in place. */
function addScaled(a: Float64Array, k: number, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] += k * b[i];
}
