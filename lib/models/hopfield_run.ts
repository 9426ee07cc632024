import type { HopfieldNet } from "./hopfield_design.ts";

/** Options of {@linkcode runHopfield}. */
export interface HopfieldRunOptions {
  /**
   * `sync`: every neuron at once, a ← clip(W·a + b, −1, 1) (the course's default, MATLAB `sim`);
   * `async`: one neuron at a time in a random order per sweep, a sweep counting as one iteration.
   * @default "sync"
   */
  mode?: "sync" | "async";
  /** The state has stopped changing when no entry moves by more than this. @default 1e-6 */
  tolerance?: number;
  /** Give up after this many iterations. @default 1000 */
  maxIterations?: number;
  /** Uniform [0, 1) draws for the async order; needed for `async`. */
  random?: () => number;
  /** Keep every state, for trajectory plots. @default false */
  keepTrajectory?: boolean;
}

/** Where a run of {@linkcode runHopfield} ended and how it got there. */
export interface HopfieldRun {
  /** `[S]` final state. */
  state: Float64Array;
  /** Updates until the state stopped changing (the last, unchanging update not counted). */
  iterations: number;
  /** False when `maxIterations` ran out first. */
  converged: boolean;
  /** Energy E(a) = −½·aᵀWa − bᵀa of the start and after each update. */
  energy: number[];
  /** The start and each state after it, when asked for. */
  trajectory?: Float64Array[];
}

/**
 * Iterate a Hopfield network from a start state until the state stops changing or the iteration
 * limit is reached, with the saturating-linear transfer of MATLAB's `satlins`.
 *
 * @param net The network.
 * @param start `[S]` start state.
 * @param options Update mode, tolerance, limit, trajectory.
 * @returns Final state, iterations and energy along the way.
 * @example
 * ```ts
 * const net = designHopfield([[1, 1], [-1, -1], [1, -1]]);
 * runHopfield(net, [-0.23, 0.33]).state; // Float64Array [-1, 1]
 * ```
 */
export function runHopfield(
  net: HopfieldNet,
  start: ArrayLike<number>,
  options: HopfieldRunOptions = {},
): HopfieldRun {
  const { size, weights, bias } = net;
  if (start.length !== size) {
    throw new RangeError(`Start state must have ${size} entries: got ${start.length}`);
  }
  const mode = options.mode ?? "sync";
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 1000;
  if (mode === "async" && !options.random) {
    throw new RangeError("Asynchronous updates need a random source: got none");
  }
  let state: Float64Array = Float64Array.from(start);
  const energy = [hopfieldEnergy(net, state)];
  const trajectory = options.keepTrajectory ? [Float64Array.from(state)] : undefined;
  const order = Array.from({ length: size }, (_, i) => i);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let next: Float64Array;
    if (mode === "sync") {
      next = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        const row = weights.subarray(i * size, (i + 1) * size);
        let sum = bias[i];
        for (let j = 0; j < size; j++) sum += row[j] * state[j];
        next[i] = clip(sum);
      }
    } else {
      next = Float64Array.from(state);
      shuffle(order, options.random!);
      for (const i of order) {
        const row = weights.subarray(i * size, (i + 1) * size);
        let sum = bias[i];
        for (let j = 0; j < size; j++) sum += row[j] * next[j];
        next[i] = clip(sum);
      }
    }
    let change = 0;
    for (let i = 0; i < size; i++) change = Math.max(change, Math.abs(next[i] - state[i]));
    if (change <= tolerance) {
      return { state, iterations: iteration, converged: true, energy, trajectory };
    }
    state = next;
    energy.push(hopfieldEnergy(net, state));
    trajectory?.push(Float64Array.from(state));
  }
  return { state, iterations: maxIterations, converged: false, energy, trajectory };
}

/**
 * The Lyapunov energy E(a) = −½·aᵀWa − bᵀa of a state.
 *
 * @param net The network.
 * @param a `[S]` state.
 * @returns The energy.
 * @example
 * ```ts
 * hopfieldEnergy(designHopfield([[1, 1], [-1, -1]]), [1, 1]);
 * ```
 */
export function hopfieldEnergy(net: HopfieldNet, a: ArrayLike<number>): number {
  const { size, weights, bias } = net;
  let energy = 0;
  for (let i = 0; i < size; i++) {
    let wa = 0;
    for (let j = 0; j < size; j++) wa += weights[i * size + j] * a[j];
    energy -= 0.5 * a[i] * wa + bias[i] * a[i];
  }
  return energy;
}

function clip(x: number): number {
  return x < -1 ? -1 : x > 1 ? 1 : x;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}
