import * as tf from "@tensorflow/tfjs";
import { activeBackend } from "../backend/mod.ts";
import { BudgetExceededError, isDivergence, threadCpuSeconds } from "../training/mod.ts";
import {
  type BandCheck,
  type ClaimOutcome,
  type DivergedSeed,
  divergenceReason,
  type KeptRow,
  type MetricSummary,
} from "../outcomes/mod.ts";
import { checkBands } from "./bands.ts";
import { runSeedsInParallel } from "./parallel_seeds.ts";
import { runSeed } from "./run_seed.ts";
import { keptSpent, seedRows } from "./seed_rows.ts";
import type { Claim, EpochLog, Scale, ScaleSetup, SeedRun, Verdict } from "./claim.ts";

export type { ClaimOutcome, MetricSummary };

/** Options of {@linkcode runClaim}. */
export interface RunClaimOptions {
  /** @default "quick" */
  scale?: Scale;
  /** Seeds to run; @default the claim's seeds at that scale */
  seeds?: readonly number[];
  /** Config fields to override, already type-checked by {@linkcode applyOverrides}. */
  overrides?: Record<string, unknown>;
  /** Where the claim may write images. */
  outDir?: string;
  /** Progress callback per epoch, with the seed. */
  onEpoch?: (log: EpochLog & { seed: number }) => void;
  /** Wall-time budget of the run; @default the scale's `budgetSeconds`, else none */
  budgetSeconds?: number;
  /** Compute anew instead of reusing results kept from earlier runs in this process. */
  fresh?: boolean;
  /**
   * Seeds run side by side in this many worker threads, each with its own backend; the runs
   * equal a sequential run's. @default 1
   */
  jobs?: number;
  /**
   * Seeds a cut run already measured, from its checkpoint: not run again, their runs taken as
   * they are (a seed's run depends on its seed alone, so the outcome equals an uncut run's).
   */
  keptSeeds?: ReadonlyMap<number, FinishedSeed>;
  /** Called once per seed this run finishes, to checkpoint it; awaited before the outcome. */
  onSeedDone?: (seed: number, finished: FinishedSeed) => void | Promise<void>;
  /** Rows of unfinished seeds a cut run kept, by seed and row key (see `seedRow`). */
  keptRows?: ReadonlyMap<number, ReadonlyMap<string, KeptRow>>;
  /** Called with each row a seed computes, to checkpoint it; given, the claims' rows are kept. */
  onRowDone?: (seed: number, key: string, row: KeptRow) => void | Promise<void>;
}

/**
 * One seed's finished run with what it cost: what a checkpoint keeps of it. A seed whose training
 * diverged has no run, only the divergence: the other seeds still run.
 */
export interface FinishedSeed {
  /** What the seed measured; absent when it diverged. */
  run?: SeedRun;
  /** The divergence that ended the seed (`DivergedError`'s message), instead of a run. */
  diverged?: string;
  /** Wall seconds the seed took. */
  seconds: number;
  /**
   * CPU seconds of the thread that trained it: unlike wall time, the same on a loaded machine
   * (absent in checkpoints written before it was measured).
   */
  cpuSeconds?: number;
  /** Live tensors the seed left. */
  tensorsLeaked: number;
}

/**
 * Run a claim over its seeds, check the seed means against its bands and return the outcome.
 *
 * @param claim The claim.
 * @param options Scale, seeds, overrides, progress.
 * @returns The outcome, ready to become a record.
 * @example
 * ```ts
 * const outcome = await runClaim(convOutputClaim, { scale: "quick" });
 * outcome.verdict; // "reproduced"
 * ```
 */
export async function runClaim<C>(
  claim: Claim<C>,
  options: RunClaimOptions = {},
): Promise<ClaimOutcome> {
  const scale = options.scale ?? "quick";
  const setup = claim.scales[scale];
  const config = { ...setup.config, ...options.overrides } as C;
  const seeds = [...(options.seeds ?? setup.seeds)];
  const backend = activeBackend();
  const base = {
    claim: claim.id,
    section: claim.section,
    statement: claim.statement,
    scale,
    expected: setup.expect,
    report: claim.report,
    seeds,
    backend,
    config: config as Record<string, unknown>,
  };
  if (setup.expect === "skipped") {
    return {
      ...base,
      verdict: "skipped",
      reason: setup.reason ?? "Skipped at this scale",
      metrics: {},
      bands: checkBands({}, setup.bands),
      guards: [],
      wallSeconds: 0,
      curves: {},
      tables: {},
      images: {},
      tensorsLeaked: 0,
    };
  }

  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  const budget = options.budgetSeconds ?? setup.budgetSeconds;
  const signal = budget === undefined ? undefined : AbortSignal.timeout(budget * 1000);
  const kept = options.keptSeeds ?? new Map<number, FinishedSeed>();
  const finished = new Map<number, FinishedSeed>(seeds.flatMap((s) => {
    const seed = kept.get(s);
    return seed ? [[s, seed] as const] : [];
  }));
  const todo = seeds.filter((seed) => !finished.has(seed));
  const done = (seed: number, result: FinishedSeed) => {
    finished.set(seed, result);
    return options.onSeedDone?.(seed, result);
  };
  let stopped: string | undefined;
  let workerLeaks = 0;
  if ((options.jobs ?? 1) > 1 && todo.length > 1) {
    const checkpoints: Array<void | Promise<void>> = [];
    const parallel = await runSeedsInParallel({
      claimId: claim.id,
      scale,
      config: config as Record<string, unknown>,
      backend,
      seeds: todo,
      jobs: options.jobs!,
      outDir: options.outDir,
      onEpoch: options.onEpoch,
      onSeed: (seed, result) => checkpoints.push(done(seed, result)),
      keptRows: options.keptRows,
      onRow: options.onRowDone &&
        ((seed, key, row) => checkpoints.push(options.onRowDone!(seed, key, row))),
      signal,
    });
    await Promise.all(checkpoints);
    workerLeaks = parallel.tensorsLeaked;
    if (parallel.error) {
      stopped = stopReason(parallel.error.error, parallel.error.seed, budget);
      if (stopped === undefined) throw parallel.error.error;
    }
  } else {
    const { outDir, fresh } = options;
    for (const seed of todo) {
      const onEpoch = options.onEpoch && ((log: EpochLog) => options.onEpoch!({ ...log, seed }));
      const seedStarted = performance.now();
      const seedCpu = threadCpuSeconds();
      const seedTensors = tf.memory().numTensors;
      const rows = options.keptRows || options.onRowDone
        ? seedRows(
          options.keptRows?.get(seed) ?? new Map(),
          (key, row) => options.onRowDone?.(seed, key, row),
        )
        : undefined;
      let outcome: Pick<FinishedSeed, "run" | "diverged">;
      try {
        outcome = {
          run: await runSeed(claim, config, {
            seed,
            scale,
            backend,
            outDir,
            onEpoch,
            signal,
            fresh,
            rows,
          }),
        };
      } catch (error) {
        if (!isDivergence(error)) {
          stopped = stopReason(error, seed, budget);
          if (stopped === undefined) throw error;
          break;
        }
        outcome = { diverged: (error as Error).message };
      }
      const spent = keptSpent(options.keptRows?.get(seed));
      await done(seed, {
        ...outcome,
        seconds: spent.seconds + (performance.now() - seedStarted) / 1000,
        ...(spent.cpuSeconds === undefined
          ? {}
          : { cpuSeconds: spent.cpuSeconds + threadCpuSeconds() - seedCpu }),
        tensorsLeaked: tf.memory().numTensors - seedTensors,
      });
    }
  }
  // The runs in seed order, up to the first seed that did not finish; a diverged seed has none
  // and is listed instead.
  const runs: SeedRun[] = [];
  const diverged: DivergedSeed[] = [];
  for (const seed of seeds) {
    const result = finished.get(seed);
    if (!result) break;
    if (result.run) runs.push(result.run);
    else diverged.push({ seed, message: result.diverged ?? "diverged" });
  }
  stopped ??= divergenceReason(diverged);
  const keptSeeds = [...kept.entries()].filter(([seed]) => seeds.includes(seed));
  const tensorsLeaked = tf.memory().numTensors - tensorsBefore + workerLeaks +
    keptSeeds.reduce((sum, [, k]) => sum + k.tensorsLeaked, 0);
  // Wall time of this run, of the seeds cut runs kept whole and of the rows they kept of the rest.
  const rowsSeconds = todo.reduce(
    (sum, seed) => sum + keptSpent(options.keptRows?.get(seed)).seconds,
    0,
  );
  const wallSeconds = (performance.now() - started) / 1000 +
    keptSeeds.reduce((sum, [, k]) => sum + k.seconds, 0) + rowsSeconds;
  // Known only when every seed measured it (a checkpoint of older code did not).
  const seedCpu = seeds.map((seed) => finished.get(seed)?.cpuSeconds);
  const cpuSeconds = seedCpu.every((s) => s !== undefined)
    ? seedCpu.reduce((sum, s) => sum + s!, 0)
    : undefined;

  const metrics = summarizeMetrics(runs);
  // Cross-seed metrics need every seed that trained; a run stopped early has none.
  const complete = runs.length > 0 && runs.length + diverged.length === seeds.length;
  const summary = complete ? claim.summarize?.(runs, config) ?? {} : {};
  for (const [name, value] of Object.entries(summary)) {
    metrics[name] = summarizeValues([value]);
  }
  return {
    ...base,
    ...judge(setup, metrics, stopped),
    metrics,
    wallSeconds,
    ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
    curves: collectCurves(runs),
    tables: runs[0]?.tables ?? {},
    images: runs[0]?.images ?? {},
    tensorsLeaked,
    ...(diverged.length > 0 ? { diverged } : {}),
  };
}

/** What the bands and guards of a scale say of a run's metrics. */
export interface Judgement {
  verdict: Verdict;
  /** Why the verdict is not `reproduced`. */
  reason?: string;
  bands: BandCheck[];
  guards: BandCheck[];
}

/**
 * Check metrics against a scale's bands and guards: `reproduced` when every band holds and the
 * run was not stopped early.
 *
 * @param setup The scale's setup (bands, guards, reason).
 * @param metrics The run's metrics, per seed and across seeds.
 * @param stopped Why the run stopped early, if it did.
 * @returns The verdict, its reason and each band's and guard's check.
 * @example
 * ```ts
 * judge({ bands: [{ metric: "acc", min: 0.9, why: "" }] } as ScaleSetup<unknown>, {
 *   acc: summarizeValues([0.95]),
 * }).verdict; // "reproduced"
 * ```
 */
export function judge(
  setup: ScaleSetup<unknown>,
  metrics: Record<string, MetricSummary>,
  stopped?: string,
): Judgement {
  const means = Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, v.mean]));
  const bands = checkBands(means, setup.bands);
  const guards = checkBands(means, setup.guards ?? []);
  const failing = bands.filter((b) => !b.pass);
  const verdict: Verdict = failing.length === 0 && !stopped ? "reproduced" : "not-reproduced";
  const reason = verdict === "reproduced"
    ? undefined
    : stopped ?? failureReason(means, failing, setup.reason);
  return { verdict, reason, bands, guards };
}

function failureReason(
  means: Record<string, number>,
  failing: BandCheck[],
  expectedReason?: string,
): string {
  const diverged = Object.entries(means).find(([, v]) => !Number.isFinite(v));
  if (diverged) return `Metric ${diverged[0]} is ${diverged[1]}: the run diverged`;
  if (expectedReason) return expectedReason;
  const missing = failing.filter((b) => !(b.metric in means)).map((b) => b.metric);
  const measured = failing.filter((b) => b.metric in means)
    .map((b) => `${b.metric} = ${round(b.value)}`);
  if (missing.length > 0) measured.push(`not measured by this config: ${missing.join(", ")}`);
  return measured.join("; ");
}

/** The reason a seed's run ended a claim early, or undefined for an unexpected error. */
// Told apart by name, which survives the trip from a seed worker (the class does not).
function stopReason(error: unknown, seed: number, budget?: number): string | undefined {
  const name = error instanceof Error ? error.name : undefined;
  if (isDivergence(error)) return `Seed ${seed}: ${(error as Error).message}`;
  const aborted = name === BUDGET_EXCEEDED || name === "TimeoutError";
  return aborted ? `Seed ${seed}: exceeded the time budget of ${budget} s` : undefined;
}

const BUDGET_EXCEEDED = new BudgetExceededError("", 0).name;

/** Raised for a `--key=value` override the claim's config does not take. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Apply `--key=value` overrides to a config: unknown keys and type changes are refused.
 *
 * @param config The claim's config.
 * @param overrides Raw string values by key.
 * @returns The typed overrides.
 * @example
 * ```ts
 * applyOverrides({ epochs: 15 }, { epochs: "3" }); // { epochs: 3 }
 * ```
 */
export function applyOverrides(
  config: Readonly<Record<string, unknown>>,
  overrides: Record<string, string>,
): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(overrides)) {
    if (!(key in config)) {
      throw new ConfigError(
        `Unknown config key ${key}: valid keys are ${Object.keys(config).join(", ")}`,
      );
    }
    typed[key] = parseLike(config[key], raw, key);
  }
  return typed;
}

function parseLike(current: unknown, raw: string, key: string): unknown {
  if (typeof current === "number") {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value)) {
      throw new ConfigError(`Config key ${key} takes a number: got ${JSON.stringify(raw)}`);
    }
    return value;
  }
  if (typeof current === "boolean") {
    if (raw !== "true" && raw !== "false") {
      throw new ConfigError(`Config key ${key} takes true or false: got ${JSON.stringify(raw)}`);
    }
    return raw === "true";
  }
  if (typeof current === "string") return raw;
  try {
    const value = JSON.parse(raw);
    if (Array.isArray(value) !== Array.isArray(current) || typeof value !== typeof current) {
      throw new Error("type");
    }
    return value;
  } catch {
    throw new ConfigError(
      `Config key ${key} takes JSON like ${JSON.stringify(current)}: got ${JSON.stringify(raw)}`,
    );
  }
}

function summarizeMetrics(runs: SeedRun[]): Record<string, MetricSummary> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  return Object.fromEntries(
    names.map((name) => [name, summarizeValues(runs.map((r) => r.metrics[name] ?? Number.NaN))]),
  );
}

/**
 * Mean, sample standard deviation, min and max of values.
 *
 * @param values At least one value.
 * @returns The summary.
 * @example
 * ```ts
 * summarizeValues([1, 3]).mean; // 2
 * ```
 */
export function summarizeValues(values: number[]): MetricSummary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return {
    mean,
    std: Math.sqrt(variance),
    min: Math.min(...values),
    max: Math.max(...values),
    values,
  };
}

function collectCurves(runs: SeedRun[]): Record<string, number[][]> {
  const curves: Record<string, number[][]> = {};
  for (const run of runs) {
    for (const [name, series] of Object.entries(run.curves ?? {})) {
      (curves[name] ??= []).push(series);
    }
  }
  return curves;
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(5))) : String(value);
}
