/**
 * What a claim is: the report's statement and values, a frozen config per scale, the bands that
 * decide its verdict, and the experiment that measures it.
 *
 * @module
 */
import type { BackendInfo } from "../backend/mod.ts";
import type { EpochLog } from "../training/mod.ts";
import {
  type Band,
  type Scale,
  SCALES,
  type SeedRun,
  type Verdict,
  VERDICTS,
} from "../outcomes/mod.ts";

export type { Band, EpochLog, Scale, SeedRun, Verdict };
export { SCALES, VERDICTS };

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
  /**
   * The rows of this seed a cut run kept, for a long seed made of independent rows: wrap each
   * row in `seedRow(ctx, key, compute)` (`seed_rows.ts`); a long training saves its state every
   * few epochs with `trainingProgress(ctx, key)`. Undefined when nothing is checkpointed.
   */
  rows?: SeedRows;
}

/** Rows of one seed's run, kept as they finish; see `seedRow`. */
export interface SeedRows {
  /**
   * The row's kept value, with `Math.random` restored to where the row left it; else the row
   * computed (its value must be plain JSON data) and kept.
   */
  row<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /**
   * The state a cut run last saved under `key`, with `Math.random` restored to where it was
   * then; undefined when none was kept. For one long training whose epochs build on each other.
   */
  saved<S>(key: string): S | undefined;
  /** Keep `state` (plain JSON data) under `key`, in place of what was saved there before. */
  save(key: string, state: unknown): Promise<void>;
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
