import { recordStatements, type ResultRecord, type UnreadableRecord } from "../results/mod.ts";
import type { LoadedRecords } from "./load_records.ts";
import { formatSeeds, inBand, type StoredBand } from "./_format.ts";

/**
 * What happened to one metric between two runs:
 * - `in-band`: inside its band in the new run (and in the old, or the old lacked it);
 * - `left-band`: inside (or absent) before, outside now: a regression;
 * - `entered-band`: outside before, inside now;
 * - `outside`: outside, and outside before or new (a claim known not to reproduce);
 * - `missing`: a banded metric the new run no longer reports: a regression;
 * - `unbanded`: no band to check, shown for the record.
 */
export type MetricStatus =
  | "in-band"
  | "left-band"
  | "entered-band"
  | "outside"
  | "missing"
  | "unbanded";

/** One metric of one claim, old against new. */
export interface MetricDiff {
  metric: string;
  /** Seed mean in the old run; `undefined` when absent, `null` when it was not finite. */
  old?: number | null;
  /** Seed mean in the new run. */
  new?: number | null;
  /** `new − old` where both are numbers. */
  delta?: number;
  /** The band checked (the new record's, else the old record's); absent for unbanded metrics. */
  band?: { min?: number | null; max?: number | null };
  /** Whether the band is a guard rather than a verdict-deciding band. */
  guard: boolean;
  status: MetricStatus;
}

/** One statement (band group) of one claim, old against new. */
export interface StatementDiff {
  statement: string;
  /** Whether it held in the old run; `undefined` when the old run lacked it. */
  old?: boolean;
  /** Whether it holds in the new run; `undefined` when the new run lacks it. */
  new?: boolean;
  /** `old` and `new` differ. */
  changed: boolean;
}

/** One claim at one scale, old against new. */
export interface ClaimDiff {
  claim: string;
  scale: string;
  /** `same` and `changed` are claims in both runs; `changed` means a regression. */
  kind: "same" | "changed" | "new" | "removed";
  oldVerdict?: string;
  newVerdict?: string;
  metrics: MetricDiff[];
  /** Per statement, whether it held before and holds now (claims of one statement too). */
  statements: StatementDiff[];
  /** Why this claim fails the comparison; empty when it passes. */
  problems: string[];
  /**
   * What of the setup differs between the two records (`epochs 2 → 4`, `seeds 0–2 → 0–9`,
   * `code`): a verdict that moves with its setup is a change of experiment, not of result.
   * Empty when both ran the same.
   */
  setupChanges: string[];
}

/** The result of {@linkcode compareRecords}. */
export interface Comparison {
  claims: ClaimDiff[];
  /** Unreadable record files of either run, named by path. */
  unreadable: Array<UnreadableRecord & { side: "old" | "new" }>;
  /** True when a verdict changed, a metric left its band or went missing, a claim was removed, or a record could not be read. */
  failed: boolean;
}

/**
 * Compare two sets of records claim by claim (per scale) and metric by metric: the gate that
 * fails CI when a change breaks a result. A claim fails when its verdict changes, when a banded
 * metric leaves its band or disappears, or when the claim disappears; a new claim is listed but
 * does not fail. Unreadable records are named and fail the comparison, while every readable
 * record is still compared.
 *
 * @param old The baseline records, from {@linkcode loadRecords}.
 * @param now The new records.
 * @returns Per-claim, per-metric differences and the overall outcome.
 * @example
 * ```ts
 * const diff = compareRecords(await loadRecords("baseline"), await loadRecords("results"));
 * if (diff.failed) Deno.exit(1);
 * ```
 */
export function compareRecords(old: LoadedRecords, now: LoadedRecords): Comparison {
  const key = (r: ResultRecord) => `${r.scale}\u0000${r.claim}`;
  const before = new Map(old.records.map((r) => [key(r), r]));
  const after = new Map(now.records.map((r) => [key(r), r]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(byClaimThenScale);
  const claims = keys.map((k) => compareClaim(before.get(k), after.get(k)));
  const unreadable = [
    ...old.unreadable.map((u) => ({ ...u, side: "old" as const })),
    ...now.unreadable.map((u) => ({ ...u, side: "new" as const })),
  ];
  const failed = unreadable.length > 0 || claims.some((c) => c.problems.length > 0);
  return { claims, unreadable, failed };
}

function compareClaim(old?: ResultRecord, now?: ResultRecord): ClaimDiff {
  const any = (now ?? old)!;
  const base = {
    claim: any.claim,
    scale: any.scale,
    oldVerdict: old?.verdict,
    newVerdict: now?.verdict,
    statements: statementDiffs(old, now),
  };
  if (!old) {
    return {
      ...base,
      kind: "new",
      metrics: metricDiffs(undefined, now!),
      problems: [],
      setupChanges: [],
    };
  }
  if (!now) {
    return {
      ...base,
      kind: "removed",
      metrics: metricDiffs(old, undefined),
      problems: [`removed: the new run has no record (was ${old.verdict})`],
      setupChanges: [],
    };
  }
  const metrics = now.verdict === "skipped" && old.verdict === "skipped"
    ? []
    : metricDiffs(old, now);
  const problems: string[] = [];
  if (old.verdict !== now.verdict) problems.push(`verdict ${old.verdict} → ${now.verdict}`);
  for (const m of metrics) {
    if (m.status === "left-band") problems.push(`${m.metric} left its band`);
    if (m.status === "missing") problems.push(`${m.metric} is missing`);
  }
  return {
    ...base,
    kind: problems.length > 0 ? "changed" : "same",
    metrics,
    problems,
    setupChanges: setupChanges(old, now),
  };
}

// The config's top-level fields, the seeds and the claim's code version, old against new.
function setupChanges(old: ResultRecord, now: ResultRecord): string[] {
  const text = (value: unknown) => JSON.stringify(value) ?? "none";
  const changes: string[] = [];
  const [a, b] = [old.config ?? {}, now.config ?? {}] as Record<string, unknown>[];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (text(a[key]) !== text(b[key])) changes.push(`${key} ${short(a[key])} → ${short(b[key])}`);
  }
  if (text(old.seeds) !== text(now.seeds)) {
    changes.push(`seeds ${formatSeeds(old.seeds)} → ${formatSeeds(now.seeds)}`);
  }
  const code = (r: ResultRecord) => r.versions?.code;
  if (code(old) !== code(now)) changes.push("code");
  return changes;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? "none";
  return text.length > 24 ? `${text.slice(0, 21)}…` : text;
}

function statementDiffs(old?: ResultRecord, now?: ResultRecord): StatementDiff[] {
  const held = (record?: ResultRecord) =>
    new Map(
      record && record.verdict !== "skipped"
        ? recordStatements(record).map((s) => [s.statement, s.reproduced])
        : [],
    );
  const before = held(old);
  const after = held(now);
  return [...new Set([...before.keys(), ...after.keys()])].map((statement) => {
    const diff = { statement, old: before.get(statement), new: after.get(statement) };
    return { ...diff, changed: diff.old !== diff.new };
  });
}

function metricDiffs(old: ResultRecord | undefined, now: ResultRecord | undefined): MetricDiff[] {
  const bands = new Map<string, { band: StoredBand; guard: boolean }>();
  for (const record of [old, now]) {
    if (!record) continue;
    for (const band of record.bands) bands.set(band.metric, { band, guard: false });
    for (const band of record.guards) {
      if (!record.bands.some((b) => b.metric === band.metric)) {
        bands.set(band.metric, { band, guard: true });
      }
    }
  }
  const names = [
    ...new Set([
      ...[...bands.keys()],
      ...Object.keys(old?.metrics ?? {}),
      ...Object.keys(now?.metrics ?? {}),
    ]),
  ];
  return names.map((metric) => {
    const before = meanOf(old, metric);
    const after = meanOf(now, metric);
    const checked = bands.get(metric);
    const delta = typeof before === "number" && typeof after === "number"
      ? after - before
      : undefined;
    const diff: MetricDiff = {
      metric,
      old: before,
      new: after,
      delta,
      guard: checked?.guard ?? false,
      status: "unbanded",
    };
    if (!checked) return diff;
    diff.band = { min: checked.band.min, max: checked.band.max };
    // A removed claim's banded metrics are all missing now.
    if (!now) return { ...diff, status: "missing" };
    const wasIn = before === undefined || inBand(before ?? undefined, diff.band);
    const isIn = inBand(after ?? undefined, diff.band);
    if (after === undefined && old && before !== undefined) diff.status = "missing";
    else if (after === undefined) diff.status = "unbanded";
    else if (isIn) diff.status = wasIn ? "in-band" : "entered-band";
    else diff.status = wasIn && old ? "left-band" : "outside";
    return diff;
  });
}

function meanOf(record: ResultRecord | undefined, metric: string): number | null | undefined {
  if (!record) return undefined;
  const summary = record.metrics[metric];
  if (summary) return summary.mean;
  // A cross-seed metric may exist only as a band's checked value.
  const band = [...record.bands, ...record.guards].find((b) => b.metric === metric);
  return band && typeof band.value === "number" ? band.value : undefined;
}

function byClaimThenScale(a: string, b: string): number {
  const [scaleA, claimA] = a.split("\u0000");
  const [scaleB, claimB] = b.split("\u0000");
  return claimA.localeCompare(claimB, "en", { numeric: true }) || scaleA.localeCompare(scaleB);
}
