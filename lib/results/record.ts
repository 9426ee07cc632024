import type { BackendInfo } from "../backend/mod.ts";
import {
  type BandCheck,
  type ClaimOutcome,
  type DivergedSeed,
  type MetricSummary,
  type Scale,
  type StatementVerdict,
  statementVerdicts,
  type Verdict,
} from "../outcomes/mod.ts";
import { RECORD_KEYS, RECORD_SCHEMA } from "./keys.ts";
import type { PeerRecord } from "./peer.ts";

/** A claim run as stored in `results/<scale>/<claim-id>.json`. */
export interface ResultRecord {
  schema: number;
  claim: string;
  section: string;
  statement: string;
  scale: Scale;
  verdict: Verdict;
  reason: string | null;
  expected: Verdict;
  metrics: Record<string, MetricSummary>;
  report: Record<string, number | string>;
  bands: BandCheck[];
  guards: BandCheck[];
  /** The verdict of each statement (band group); absent in records older than the groups. */
  statements?: StatementVerdict[];
  seeds: number[];
  /** Seeds whose training diverged, without metrics; absent when none did. */
  diverged?: DivergedSeed[];
  backend: BackendInfo;
  versions: Record<string, string>;
  config: Record<string, unknown>;
  wallSeconds: number;
  /**
   * CPU seconds of the threads that trained the seeds: what a campaign estimates from, as wall
   * time grows with whatever else the machine runs. Absent in older records.
   */
  cpuSeconds?: number;
  tensorsLeaked: number;
  /** ISO 8601 time the run finished. */
  finishedAt: string;
  curves: Record<string, number[][]>;
  tables: Record<string, Array<Record<string, number | string>>>;
  images: Record<string, string>;
  /** The same experiment in a second framework, from `deno task crosscheck`; absent without. */
  peer?: PeerRecord;
}

/**
 * Turn a claim outcome into a record with keys in the fixed order of {@linkcode RECORD_KEYS}.
 *
 * @param outcome What the claim run measured.
 * @param versions Versions of the runtime and libraries.
 * @param finishedAt When the run finished; @default now
 * @returns The record.
 * @example
 * ```ts
 * const record = toRecord(outcome, versions());
 * Object.keys(record)[1]; // "claim"
 * ```
 */
export function toRecord(
  outcome: ClaimOutcome,
  versions: Record<string, string>,
  finishedAt: Date = new Date(),
): ResultRecord {
  const loose: ResultRecord = {
    ...outcome,
    schema: RECORD_SCHEMA,
    reason: outcome.reason ?? null,
    statements: statementVerdicts(outcome.bands),
    versions,
    finishedAt: finishedAt.toISOString(),
    wallSeconds: Number(outcome.wallSeconds.toFixed(3)),
    cpuSeconds: outcome.cpuSeconds === undefined
      ? undefined
      : Number(outcome.cpuSeconds.toFixed(3)),
  };
  const ordered: Record<string, unknown> = {};
  for (const key of RECORD_KEYS) ordered[key] = loose[key];
  return ordered as unknown as ResultRecord;
}

/**
 * A record's statement verdicts: the stored ones, or for a record older than them its bands
 * grouped anew (by their `statement`, else as the whole claim).
 *
 * @param record A record.
 * @returns One verdict per statement; none for a record without bands.
 * @example
 * ```ts
 * recordStatements(record).map((s) => s.statement); // ["attractors", "iterations"]
 * ```
 */
export function recordStatements(record: ResultRecord): StatementVerdict[] {
  return record.statements ?? statementVerdicts(record.bands ?? []);
}

/**
 * The seeds a record's per-seed metrics rest on: all of `seeds` but those whose training diverged,
 * or for a run that stopped at a seed (the time budget ran out; before diverged seeds were
 * recorded one by one, a divergence too) the seeds before it, none when the first seed stopped
 * it. A stop or divergence the spec expects still leaves the record standing as the finding, but
 * on fewer seeds than it asked for.
 *
 * @param record A record.
 * @returns The seeds with metrics, in run order.
 * @example
 * ```ts
 * measuredSeeds(record); // [0, 4] for 1.3.3-width full: seeds 1, 2 and 3 diverged
 * ```
 */
export function measuredSeeds(record: ResultRecord): number[] {
  const diverged = new Set((record.diverged ?? []).map((d) => d.seed));
  const trained = record.seeds.filter((seed) => !diverged.has(seed));
  const lengths = Object.values(record.metrics).map((m) => m.values?.length ?? 0)
    .filter((n) => n <= trained.length);
  return trained.slice(0, Math.max(0, ...lengths));
}

/**
 * Whether a run stopped before its last seed: a complete run has metrics with one value per seed
 * that trained. Seeds that diverged one by one do not stop it.
 *
 * @param record A record.
 * @returns True when fewer seeds than those that did not diverge carry metrics.
 * @example
 * ```ts
 * stoppedEarly(record); // true for a run cut by its time budget
 * ```
 */
export function stoppedEarly(record: ResultRecord): boolean {
  const diverged = record.diverged?.length ?? 0;
  return measuredSeeds(record).length + diverged < record.seeds.length;
}

/**
 * The seeds whose training diverged, recorded one by one.
 *
 * @param record A record.
 * @returns Their seeds, in seed order; none for a record without divergences.
 */
export function divergedSeeds(record: ResultRecord): number[] {
  return (record.diverged ?? []).map((d) => d.seed);
}

/** Metric names that hold wall or CPU times, by convention: they measure the machine, not a seed. */
export const TIMING_METRIC: RegExp = /seconds|time/i;

/**
 * Whether `held` already holds everything `fresh` measured, so that writing `fresh` over it would
 * only lose seeds or a peer: the same claim, scale, backend, code version, config, bands and
 * expectation, no seed
 * diverged or cut in either, every seed of `fresh` in `held`, and for each of them the same value
 * of every per-seed metric but timings. A quick spec run of three seeds thus leaves a five-seed
 * campaign record of the same code in place.
 *
 * @param held The record on disk.
 * @param fresh The record of the run just made.
 * @returns True when `held` covers `fresh` value for value.
 * @example
 * ```ts
 * recordHolds(fiveSeedRecord, threeSeedRecord); // true when seeds 0–2 measured the same
 * ```
 */
export function recordHolds(held: ResultRecord, fresh: ResultRecord): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const whole = (r: ResultRecord) => !r.diverged?.length && !stoppedEarly(r);
  // Bands and expectations are not in the code version: a changed band must be written.
  const judgement = (r: ResultRecord) => ({
    expected: r.expected,
    reason: r.reason,
    checks: [...(r.bands ?? []), ...(r.guards ?? [])].map(({ value: _v, pass: _p, ...band }) =>
      band
    ),
  });
  if (
    held.claim !== fresh.claim || held.scale !== fresh.scale ||
    held.backend.name !== fresh.backend.name || !held.versions.code ||
    held.versions.code !== fresh.versions.code || !same(held.config, fresh.config) ||
    !same(judgement(held), judgement(fresh)) || !whole(held) || !whole(fresh)
  ) return false;
  const at = new Map(held.seeds.map((seed, i) => [seed, i]));
  if (!fresh.seeds.every((seed) => at.has(seed))) return false;
  return Object.entries(fresh.metrics).every(([name, summary]) => {
    if (TIMING_METRIC.test(name) || summary.values.length !== fresh.seeds.length) return true;
    const values = held.metrics[name]?.values;
    return values?.length === held.seeds.length &&
      fresh.seeds.every((seed, i) => Object.is(values[at.get(seed)!], summary.values[i]));
  });
}
