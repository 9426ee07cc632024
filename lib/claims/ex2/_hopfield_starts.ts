/**
 * Shared measurements of the small Hopfield claims (2.1.1, 2.1.2): where seeded random starts
 * end, how long they take, and how the report's single draw of a few starts compares with the
 * distribution of such draws.
 *
 * @module
 */
import { designHopfield, type HopfieldNet, runHopfield } from "../../models/mod.ts";

/** Settings shared by the 2-D and 3-D claims. */
export interface HopfieldStartsConfig {
  /** Random starts per seed, uniform in [−1, 1]^S. */
  starts: number;
  /** Starts per group, the size of the report's single draw. */
  groupSize: number;
  /** A state has stopped changing when no entry moves by more than this. */
  tolerance: number;
  /** Iteration limit per run. */
  maxIterations: number;
  /** Repeated runs per report input (report: 100). */
  repeats: number;
  /** `sync` (course default) or `async`. */
  mode: string;
  /** `lmp` (course default, MATLAB newhop) or `hebbian`. */
  rule: string;
}

/** What the random starts of one seed measured. */
export interface StartsSummary {
  net: HopfieldNet;
  /** Fraction of starts ending on a stored pattern. */
  fractionToTargets: number;
  /** Mean iterations over all starts. */
  meanIterations: number;
  /** Standard deviation of iterations over starts. */
  stdIterations: number;
  /** Per group of `groupSize` starts: how many reached a stored pattern. */
  groupHits: number[];
  /** Per group of `groupSize` starts: their mean iterations. */
  groupMeanIterations: number[];
  /** Final state (2 decimals) → how many starts ended there. */
  attractors: Map<string, number>;
  /** Stored patterns that are fixed points (0 iterations, unchanged). */
  storedFixedPoints: number;
  /** Runs of the same input that ended elsewhere than its first run. */
  repeatMismatches: number;
  /** Starts that hit the iteration limit. */
  unconverged: number;
}

/** Two-decimal key of a state, as the report prints states. */
export function stateKey(state: ArrayLike<number>): string {
  return `[${Array.from(state, (x) => (Math.round(x * 100) / 100 + 0).toFixed(2)).join(", ")}]`;
}

/** Whether a state lies within `atol` of a target in every entry. */
export function near(state: ArrayLike<number>, target: ArrayLike<number>, atol: number): boolean {
  for (let i = 0; i < target.length; i++) if (Math.abs(state[i] - target[i]) > atol) return false;
  return true;
}

/** Run options of a config, with a seeded order source for asynchronous updates. */
export function runOptions(config: HopfieldStartsConfig, random: () => number) {
  return {
    mode: config.mode as "sync" | "async",
    tolerance: config.tolerance,
    maxIterations: config.maxIterations,
    random,
  };
}

/**
 * Design the network and run the random starts, the stored patterns and the repeated inputs.
 *
 * @param patterns The stored patterns.
 * @param config The claim's config.
 * @param repeatInputs Inputs run `repeats` times each to check the attractor is the same.
 * @param random Seeded uniform draws.
 * @returns The summary.
 */
export function measureStarts(
  patterns: number[][],
  config: HopfieldStartsConfig,
  repeatInputs: number[][],
  random: () => number,
): StartsSummary {
  const net = designHopfield(patterns, { rule: config.rule as "lmp" | "hebbian" });
  const options = runOptions(config, random);
  const iterations: number[] = [];
  const hits: boolean[] = [];
  const attractors = new Map<string, number>();
  let unconverged = 0;
  for (let k = 0; k < config.starts; k++) {
    const start = Array.from({ length: net.size }, () => 2 * random() - 1);
    const run = runHopfield(net, start, options);
    iterations.push(run.iterations);
    unconverged += Number(!run.converged);
    hits.push(patterns.some((p) => near(run.state, p, 1e-6)));
    const key = stateKey(run.state);
    attractors.set(key, (attractors.get(key) ?? 0) + 1);
  }
  const groupHits: number[] = [];
  const groupMeanIterations: number[] = [];
  for (let g = 0; g + config.groupSize <= config.starts; g += config.groupSize) {
    groupHits.push(hits.slice(g, g + config.groupSize).filter(Boolean).length);
    groupMeanIterations.push(mean(iterations.slice(g, g + config.groupSize)));
  }
  const storedFixedPoints = patterns.filter((p) => {
    const run = runHopfield(net, p, options);
    return run.iterations === 0 && near(run.state, p, 0);
  }).length;
  let repeatMismatches = 0;
  for (const input of [...repeatInputs, ...patterns]) {
    const first = runHopfield(net, input, options).state;
    for (let r = 1; r < config.repeats; r++) {
      repeatMismatches += Number(!near(runHopfield(net, input, options).state, first, 1e-9));
    }
  }
  const meanIterations = mean(iterations);
  return {
    net,
    fractionToTargets: hits.filter(Boolean).length / config.starts,
    meanIterations,
    stdIterations: Math.sqrt(mean(iterations.map((x) => (x - meanIterations) ** 2))),
    groupHits,
    groupMeanIterations,
    attractors,
    storedFixedPoints,
    repeatMismatches,
    unconverged,
  };
}

/** Fraction of values satisfying a predicate. */
export function fractionOf(values: number[], test: (x: number) => boolean): number {
  return values.filter(test).length / values.length;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
