import type { Claim, Scale } from "../claims/mod.ts";
import { type ResultRecord, stoppedEarly } from "../results/mod.ts";
import { estimateSeedSeconds, type SeedCost } from "./estimate_cost.ts";

/** Seeds a campaign wants at least (issue 14): five for the cheap sections, three for the rest. */
export const CAMPAIGN_MIN_SEEDS = { cheap: 5, other: 3 } as const;

// Hopfield, 1.3.x, 1.4.x, 2.2.x: their seeds take seconds to minutes.
const CHEAP_SECTIONS = /^(1\.3|1\.4|2\.1|2\.2)(\.|$)/;

/** Where a claim stands at the campaign's scale. */
export type PlanStatus =
  /** A record of the same config, code version and enough seeds, every seed finished. */
  | "current"
  /** The full setup is the quick one and the quick record is current: it stands for both. */
  | "shared"
  /** A record exists but another config, code version, too few seeds, or a cut run made it. */
  | "stale"
  /** No record at this scale. */
  | "missing"
  /** The spec skips this scale. */
  | "skipped";

/** One claim of the plan. */
export interface PlanEntry {
  claim: string;
  section: string;
  status: PlanStatus;
  /** Why the record is not current (stale), or which record stands in (shared). */
  why: string[];
  /** The seeds a run gives the claim. */
  seeds: number[];
  /** Of those, the seeds a cut run kept in its checkpoint: a resumed run does not run them. */
  kept: number[];
  /** Of the others, the seeds a cut run left partly done (rows, saved epochs): resumed there. */
  partly: number[];
  /** What one seed is estimated to cost, and from what; undefined without any record. */
  cost?: SeedCost;
  /** Estimated CPU seconds of the seeds still to run; undefined without a cost. */
  seconds?: number;
}

/** What {@linkcode planCampaign} needs besides the claims. */
export interface PlanInput {
  scale: Scale;
  /** The stored records, of both scales. */
  records: readonly ResultRecord[];
  /** Each claim's current code version (`codeVersion(id).version`). */
  codeVersions: ReadonlyMap<string, string>;
  /**
   * Per claim, the seeds its checkpoint at this scale keeps for the current config and code, with
   * the wall seconds each took.
   */
  kept?: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** Per claim, the unfinished seeds whose rows or saved epochs the checkpoint keeps. */
  partly?: ReadonlyMap<string, readonly number[]>;
}

/**
 * The seeds a campaign runs a claim with: the spec's seeds, extended from 0 up to the campaign's
 * minimum ({@linkcode CAMPAIGN_MIN_SEEDS}).
 *
 * @param claim The claim.
 * @param scale The scale.
 * @returns The seeds, ascending.
 * @example
 * ```ts
 * campaignSeeds(findClaim("4.3-vae")!, "full"); // [0, 1, 2]
 * campaignSeeds(findClaim("3.2.1-conv-output")!, "full"); // [0]
 * ```
 */
// deno-lint-ignore no-explicit-any
export function campaignSeeds(claim: Claim<any>, scale: Scale): number[] {
  // An exact claim (same config and seeds at both scales: a parameter count, a shape) keeps the
  // spec's seeds; more would repeat the same number.
  if (isShared(claim)) return [...claim.scales[scale].seeds];
  const min = CHEAP_SECTIONS.test(claim.section)
    ? CAMPAIGN_MIN_SEEDS.cheap
    : CAMPAIGN_MIN_SEEDS.other;
  const seeds = new Set([
    ...claim.scales[scale].seeds,
    ...Array.from({ length: min }, (_, i) => i),
  ]);
  return [...seeds].sort((a, b) => a - b);
}

/**
 * Plan a campaign: which claims lack a current record at the scale, the seeds each gets, what is
 * kept from cut runs, and the estimated cost; claims to run come first, cheapest first.
 *
 * @param claims The claims to consider.
 * @param input The scale, stored records, code versions and checkpoints.
 * @returns One entry per claim: to run (stale, missing; cheapest first, unknown cost last), then
 *   the rest in the given order.
 * @example
 * ```ts
 * const plan = planCampaign(CLAIMS, { scale: "full", records, codeVersions });
 * plan.filter((e) => e.status === "missing").map((e) => e.claim);
 * ```
 */
export function planCampaign(
  // deno-lint-ignore no-explicit-any
  claims: readonly Claim<any>[],
  input: PlanInput,
): PlanEntry[] {
  const { scale } = input;
  const find = (id: string, s: Scale) => input.records.find((r) => r.claim === id && r.scale === s);
  const entries = claims.map((claim): PlanEntry => {
    const setup = claim.scales[scale];
    const seeds = campaignSeeds(claim, scale);
    const code = input.codeVersions.get(claim.id);
    const base = {
      claim: claim.id,
      section: claim.section,
      seeds,
      kept: [] as number[],
      partly: [] as number[],
    };
    if (setup.expect === "skipped") {
      return { ...base, status: "skipped", why: [setup.reason ?? "skipped at this scale"] };
    }
    const record = find(claim.id, scale);
    const why = record ? staleness(record, setup.config, code, seeds) : [];
    if (record && why.length === 0) return { ...base, status: "current", why };
    const other: Scale = scale === "full" ? "quick" : "full";
    const shared = find(claim.id, other);
    if (shared && isShared(claim) && staleness(shared, setup.config, code, seeds).length === 0) {
      return { ...base, status: "shared", why: [`the ${other} record: same config, seeds, code`] };
    }
    const keptSeconds = input.kept?.get(claim.id) ?? new Map<number, number>();
    const kept = seeds.filter((s) => keptSeconds.has(s));
    const cost = estimateSeedSeconds(setup.config, {
      kept: kept.map((s) => keptSeconds.get(s)!),
      same: record,
      other: find(claim.id, other),
      otherConfig: claim.scales[other].config,
    });
    const seconds = cost && cost.seconds * (seeds.length - kept.length);
    return {
      ...base,
      status: record ? "stale" : "missing",
      why: record ? why : ["no record"],
      kept,
      partly: seeds.filter((s) => !kept.includes(s) && input.partly?.get(claim.id)?.includes(s)),
      cost,
      seconds,
    };
  });
  const toRun = entries.filter((e) => e.status === "stale" || e.status === "missing")
    .sort((a, b) => (a.seconds ?? Infinity) - (b.seconds ?? Infinity));
  return [...toRun, ...entries.filter((e) => !toRun.includes(e))];
}

/** Why a record does not stand for a run of this config, code and seeds; empty when it does. */
function staleness(
  record: ResultRecord,
  config: unknown,
  code: string | undefined,
  seeds: number[],
): string[] {
  const why: string[] = [];
  if (JSON.stringify(record.config) !== JSON.stringify(config)) why.push("another config");
  const recorded = record.versions?.code;
  if (recorded === undefined) why.push("no code version (recorded before versions.code)");
  else if (recorded !== code) why.push(`code ${recorded}, now ${code}`);
  const missing = seeds.filter((s) => !record.seeds.includes(s));
  if (missing.length > 0) {
    why.push(`${record.seeds.length} of ${seeds.length} seeds (lacks ${missing.join(", ")})`);
  }
  // A stop the spec expects (declared not reproduced; in records older than per-seed divergences,
  // a seed that diverged) is the finding, not a gap.
  const expectedStop = record.verdict === "not-reproduced" && record.expected === "not-reproduced";
  if (record.verdict !== "skipped" && stoppedEarly(record) && !expectedStop) {
    why.push("the run stopped before its last seed");
  }
  return why;
}

/**
 * Whether a claim's full setup is its quick one (config and seeds): the exact claims, whose one
 * record stands for both scales by design.
 *
 * @param claim The claim.
 * @returns True when both scales run the same config with the same seeds.
 * @example
 * ```ts
 * isShared(findClaim("1.3.5-cnn-params")!); // true
 * ```
 */
// deno-lint-ignore no-explicit-any
export function isShared(claim: Claim<any>): boolean {
  const { quick, full } = claim.scales;
  return JSON.stringify(quick.config) === JSON.stringify(full.config) &&
    JSON.stringify(quick.seeds) === JSON.stringify(full.seeds);
}
