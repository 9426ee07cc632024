/**
 * What a claim is: the report's statement and values, a frozen config per scale, the bands that
 * decide its verdict, and the experiment that measures it.
 *
 * @module
 */
import type { BackendInfo } from "../backend/mod.ts";
import type { EpochLog } from "../training/mod.ts";

export type { EpochLog };

/** The scales a claim runs at: `full` is the report's setup, `quick` fits CI on 2 cores. */
export const SCALES = ["quick", "full"] as const;

/** A scale a claim runs at. */
export type Scale = typeof SCALES[number];

/** The verdicts a run can reach. */
export const VERDICTS = ["reproduced", "not-reproduced", "skipped"] as const;

/** A run's verdict. */
export type Verdict = typeof VERDICTS[number];

/**
 * A closed interval a seed-averaged metric must lie in. An ordering ("Adam beats SGD") is a band
 * on a difference metric; an exact value is a band of zero width.
 */
export interface Band {
  /** The metric name, as returned by the claim's `run` or `summarize`. */
  metric: string;
  /** Lowest passing value; absent means unbounded. */
  min?: number;
  /** Highest passing value; absent means unbounded. */
  max?: number;
  /** The key in `Claim.report` this band checks, shown side by side in the report. */
  reportKey?: string;
  /** What the band checks and where its limits come from (report value, measured spread). */
  why: string;
  /**
   * The statement of a claim of several this band checks (e.g. `attractors`, `iterations`);
   * each group gets its own verdict. Absent: the claim as a whole.
   */
  statement?: string;
}

/** One claim at one scale. */
export interface ScaleSetup<C> {
  /** The experiment's configuration; frozen. */
  config: Readonly<C>;
  /** Seeds run by default; bands are checked on the mean over them. */
  seeds: readonly number[];
  /** Bands that decide the verdict: all pass means `reproduced`. */
  bands: readonly Band[];
  /** The verdict the spec expects at this scale; a different one fails the test. */
  expect: Verdict;
  /** Why the claim is expected not to reproduce, or is skipped. */
  reason?: string;
  /**
   * Regression guards from measured spread, checked by the spec but not deciding the verdict;
   * they keep a not-reproduced claim from drifting unnoticed.
   */
  guards?: readonly Band[];
  /** Wall-time budget of the whole run (all seeds); past it the run stops as not reproduced. */
  budgetSeconds?: number;
}

/** What one seed of an experiment measured. */
export interface SeedRun {
  /** Scalar results by name. */
  metrics: Record<string, number>;
  /** Series to plot (per epoch, per iteration, per time step) by name. */
  curves?: Record<string, number[]>;
  /** Tables for the report, as rows of named cells. */
  tables?: Record<string, Array<Record<string, number | string>>>;
  /** Images written next to the record, by name, as paths relative to the record's folder. */
  images?: Record<string, string>;
}

/** What an experiment gets besides its config. */
export interface RunContext {
  /** The seed of this run; `Math.random` is seeded with it too. */
  seed: number;
  /** The scale being run. */
  scale: Scale;
  /** The backend in use. */
  backend: BackendInfo;
  /** Where the run may write images and other files next to its record. */
  outDir?: string;
  /** Called at the end of each epoch of each model; experiments never print. */
  onEpoch?: (log: EpochLog) => void;
  /**
   * Aborted when the run's time budget is spent: pass it to `fit`, or call
   * `signal.throwIfAborted()` between steps of a custom loop.
   */
  signal?: AbortSignal;
  /** Compute anew instead of reusing results an earlier run in this process kept. */
  fresh?: boolean;
}

/** A claim of the report as data plus the experiment that checks it. */
export interface Claim<C = Record<string, unknown>> {
  /** The id from claims.md, e.g. `1.3.5-cnn-params`. */
  id: string;
  /** The report section, e.g. `1.3.5`. */
  section: string;
  /** The claim in one sentence. */
  statement: string;
  /** The report's own values, by name. */
  report: Record<string, number | string>;
  /** The setup at each scale. */
  scales: Record<Scale, ScaleSetup<C>>;
  /** Run one seed of the experiment. */
  run(config: Readonly<C>, ctx: RunContext): Promise<SeedRun>;
  /** Metrics that need every seed at once (spread, best-of); added to the seed means. */
  summarize?(runs: SeedRun[], config: Readonly<C>): Record<string, number>;
}

/**
 * Freeze a claim's definition so that configs and bands cannot change at run time.
 *
 * @param claim The claim.
 * @returns The same claim, deeply frozen (except `run` and `summarize`).
 * @example
 * ```ts
 * const claim = defineClaim({ id: "x", section: "1", statement: "s", report: {}, scales, run });
 * ```
 */
export function defineClaim<C>(claim: Claim<C>): Claim<C> {
  for (const scale of SCALES) deepFreeze(claim.scales[scale]);
  Object.freeze(claim.report);
  return Object.freeze(claim);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
