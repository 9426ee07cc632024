/**
 * 2.1.1 — a 2-neuron Hopfield network storing [1, 1], [−1, −1] and [1, −1]: random starts mostly
 * reach a stored pattern, some reach the spurious [−1, 1], and the same input always reaches the
 * same attractor.
 *
 * With the course's design (Li–Michel–Porod, MATLAB `newhop`) and two neurons, Y = [t₁ − t₃,
 * t₂ − t₃] has rank 2, so TP = I, W = e^0.15·I and b = 0: every entry grows by e^0.15 per step
 * until it saturates. A start therefore ends on the corner of its own quadrant, and the quadrant
 * x < 0 < y leads to the spurious [−1, 1]: exactly 3/4 of uniform starts reach a stored pattern.
 * The report's "7 out of 10" and "12.5 iterations" are one draw of ten starts; the claim checks
 * them against the distribution of such draws over many seeded groups of ten rather than as
 * values of their own.
 *
 * @module
 */
import { seededRandom } from "../../backend/mod.ts";
import { runHopfield } from "../../models/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import {
  fractionOf,
  type HopfieldStartsConfig,
  measureStarts,
  near,
  runOptions,
  stateKey,
} from "./_hopfield_starts.ts";

/** Config of 2.1.1. */
export type Hopfield2dConfig = HopfieldStartsConfig;

// Section 2.1.1: the stored patterns, the inputs the report saw reach [−1, 1], its numbers.
const PATTERNS = [[1, 1], [-1, -1], [1, -1]];
const SPURIOUS = [-1, 1];
const REPORT_STARTS = [[-0.23, 0.33], [-0.83, 0.11], [-0.70, 0.82]];
const REPORT_HITS_OF_TEN = 7;
const REPORT_MEAN_ITERATIONS = 12.5;

const quick: ScaleSetup<Hopfield2dConfig> = {
  config: {
    starts: 2000, // random starts per seed; 200 groups of the report's 10
    groupSize: 10, // report: ten random starts
    tolerance: 1e-6, // max |Δa| under which the state has stopped changing
    maxIterations: 1000, // never reached: the slowest start (|x| ≈ 1e-4) needs about 60
    repeats: 100, // report: 100 repeated runs per input
    mode: "sync", // course default: a ← clip(W·a + b, −1, 1)
    rule: "lmp", // course default: MATLAB newhop
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands: [
    {
      metric: "reportStartsOnSpurious",
      min: 3,
      max: 3,
      reportKey: "spuriousStarts",
      why: "each of the report's three inputs ends on [−1, 1] (within 1e-6)",
    },
    {
      metric: "storedFixedPoints",
      min: 3,
      max: 3,
      why: "each stored pattern is a fixed point",
    },
    {
      metric: "repeatMismatches",
      min: 0,
      max: 0,
      reportKey: "repeats",
      why: "the same input reaches the same attractor in every repeated run",
    },
    {
      metric: "fractionToTargets",
      min: 0.72,
      max: 0.78,
      why: "theory 3/4 (the spurious basin is the quadrant x < 0 < y); measured 0.75 ± 0.01 " +
        "over 3 seeds of 2000 starts",
    },
    {
      metric: "fractionToSpurious",
      min: 0.22,
      max: 0.28,
      why: "some starts reach the spurious [−1, 1]: theory 1/4, measured 0.25 ± 0.01",
    },
    {
      metric: "groupsAtMostReportHits",
      min: 0.025,
      why: "the report's 7 of 10 is not in the lower 2.5% tail of draws of ten (binomial: 47% of " +
        "draws have ≤ 7)",
    },
    {
      metric: "groupsAtLeastReportHits",
      min: 0.025,
      reportKey: "hitsOfTen",
      why: "the report's 7 of 10 is not in the upper 2.5% tail of draws of ten (binomial: 78% ≥ 7)",
    },
    {
      metric: "groupsMeanItersBelowReport",
      min: 0.025,
      max: 0.975,
      reportKey: "meanIterations",
      why: "the report's mean of 12.5 iterations over ten starts lies inside the central 95% of " +
        "ten-start means (per start: 10.6 ± 7.6 iterations)",
    },
  ],
};

const full: ScaleSetup<Hopfield2dConfig> = {
  ...quick,
  config: { ...quick.config, starts: 20_000 },
  seeds: [0, 1, 2, 3, 4],
  bands: quick.bands.map((band) =>
    band.metric === "fractionToTargets"
      ? { ...band, min: 0.74, max: 0.76, why: "theory 3/4; 5 seeds of 20,000 starts (± 0.003)" }
      : band.metric === "fractionToSpurious"
      ? { ...band, min: 0.24, max: 0.26, why: "theory 1/4; 5 seeds of 20,000 starts (± 0.003)" }
      : band
  ),
};

/** 2.1.1-hopfield-2d: most random starts reach a stored pattern, some the spurious [−1, 1]. */
export const hopfield2dClaim = defineClaim<Hopfield2dConfig>({
  id: "2.1.1-hopfield-2d",
  section: "2.1.1",
  statement: "A 2-neuron Hopfield network storing [1,1], [-1,-1], [1,-1]: random starts mostly " +
    "reach a stored pattern, some the spurious [-1,1]; the same input always reaches the same " +
    "attractor",
  report: {
    hitsOfTen: REPORT_HITS_OF_TEN,
    spuriousStarts: "[-0.23,0.33], [-0.83,0.11], [-0.70,0.82] → [-1,1]",
    meanIterations: REPORT_MEAN_ITERATIONS,
    repeats: "same attractor over 100 runs",
  },
  scales: { quick, full },
  run(config, { seed }) {
    const random = seededRandom(seed);
    const summary = measureStarts(PATTERNS, config, REPORT_STARTS, random);
    const options = runOptions(config, random);
    const curves: Record<string, number[]> = {};
    const rows = REPORT_STARTS.map((start) => {
      const run = runHopfield(summary.net, start, { ...options, keepTrajectory: true });
      const name = stateKey(start);
      curves[`energy ${name}`] = run.energy;
      curves[`x ${name}`] = run.trajectory!.map((a) => a[0]);
      curves[`y ${name}`] = run.trajectory!.map((a) => a[1]);
      return {
        start: name,
        final: stateKey(run.state),
        report: stateKey(SPURIOUS),
        iterations: run.iterations,
        onSpurious: Number(near(run.state, SPURIOUS, 1e-6)),
      };
    });
    return Promise.resolve({
      metrics: {
        reportStartsOnSpurious: rows.reduce((n, r) => n + r.onSpurious, 0),
        storedFixedPoints: summary.storedFixedPoints,
        repeatMismatches: summary.repeatMismatches,
        fractionToTargets: summary.fractionToTargets,
        fractionToSpurious: (summary.attractors.get(stateKey(SPURIOUS)) ?? 0) / config.starts,
        unconverged: summary.unconverged,
        meanIterations: summary.meanIterations,
        stdIterations: summary.stdIterations,
        groupsAtMostReportHits: fractionOf(summary.groupHits, (h) => h <= REPORT_HITS_OF_TEN),
        groupsAtLeastReportHits: fractionOf(summary.groupHits, (h) => h >= REPORT_HITS_OF_TEN),
        groupsMeanItersBelowReport: fractionOf(
          summary.groupMeanIterations,
          (m) => m <= REPORT_MEAN_ITERATIONS,
        ),
      },
      curves,
      tables: {
        reportStarts: rows,
        attractors: [...summary.attractors].map(([state, count]) => ({
          state,
          count,
          stored: Number(PATTERNS.some((p) => stateKey(p) === state)),
        })),
      },
    });
  },
});
