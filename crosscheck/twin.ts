/**
 * What a twin is (a Python script that runs a claim's experiment in PyTorch, one JSON line per
 * seed), how its lines are read, and how they become a record's `peer`: the lines turn into the
 * suite's per-seed metrics, the claim's own `summarize` adds its cross-seed ones, and the claim's
 * own bands and guards judge them.
 *
 * @module
 */
import {
  type Claim,
  judge,
  type MetricSummary,
  type Scale,
  type ScaleSetup,
  type SeedRun,
  summarizeValues,
} from "../lib/claims/mod.ts";
import type { PeerRecord } from "../lib/results/mod.ts";

/** One line a twin prints: at least its framework, version and seed. */
export interface TwinLine {
  framework: string;
  version: string;
  seed: number;
  [key: string]: unknown;
}

/** Raised for twin output that cannot be used. */
export class TwinError extends Error {
  override name = "TwinError";
}

/** A claim's twin. */
export interface Twin {
  /** The claim id. */
  claim: string;
  /** What the twin's invocations need besides config and seeds, e.g. the grid rows to run. */
  subsetHelp?: string;
  /**
   * The script invocations (arguments after the Python interpreter) for a config and seeds.
   *
   * @param config The claim's config at the scale.
   * @param seeds Seeds to run.
   * @param subset Names of the parts to run (e.g. grid rows); all when undefined.
   */
  invocations(config: unknown, seeds: number[], subset?: string[]): string[][];
  /**
   * The config the claim's `summarize` sees (restricted to the subset) and the subset as data for
   * the record; `null` when the whole config ran.
   */
  restrict(
    config: unknown,
    subset?: string[],
  ): { config: unknown; subset: Record<string, unknown> | null };
  /** Turn the lines of all invocations into one run per seed, in seed order. */
  seedRuns(lines: TwinLine[], config: unknown, seeds: number[]): SeedRun[];
}

/**
 * Parse a twin's stdout: one JSON object per non-empty line, each naming its framework, version
 * and seed.
 *
 * @param text The twin's output.
 * @returns The lines.
 * @throws {TwinError} On a line that is not such an object, with its 1-based number.
 * @example
 * ```ts
 * parseTwinLines('{"framework":"pytorch","version":"1.13","seed":0,"testMse":1}\n')[0].seed; // 0
 * ```
 */
export function parseTwinLines(text: string): TwinLine[] {
  const out: TwinLine[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new TwinError(`Twin output line ${i + 1} is not JSON: ${(error as Error).message}`);
    }
    const v = value as Record<string, unknown>;
    if (
      v === null || typeof v !== "object" || typeof v.framework !== "string" ||
      typeof v.version !== "string" || !Number.isInteger(v.seed)
    ) {
      throw new TwinError(
        `Twin output line ${i + 1} lacks framework, version or an integer seed: ${
          line.slice(0, 80)
        }`,
      );
    }
    out.push(v as TwinLine);
  }
  return out;
}

/** Options of {@linkcode peerFromLines}. */
export interface PeerFromLinesOptions {
  /** The scale the twin ran. */
  scale: Scale;
  /** The seeds it ran. */
  seeds: number[];
  /** The parts it ran, when not all. */
  subset?: string[];
  /** How it ran, as a shell line. */
  command: string;
  /** Its wall time. */
  wallSeconds: number;
  /** When it finished. @default now */
  finishedAt?: Date;
}

/**
 * The peer of a claim's record from its twin's lines: per-seed metrics as the suite names them,
 * the claim's cross-seed metrics, and the claim's bands and guards at the scale applied to them.
 *
 * @param claim The claim.
 * @param twin Its twin.
 * @param lines What the twin printed.
 * @param options Scale, seeds, subset, command, wall time.
 * @returns The peer record.
 * @throws {TwinError} When the lines name two frameworks or versions, or lack a seed.
 * @example
 * ```ts
 * const peer = peerFromLines(claim, twin, lines, { scale: "full", seeds: [0, 1], command, wallSeconds });
 * ```
 */
export function peerFromLines(
  // deno-lint-ignore no-explicit-any
  claim: Claim<any>,
  twin: Twin,
  lines: TwinLine[],
  options: PeerFromLinesOptions,
): PeerRecord {
  const frameworks = [...new Set(lines.map((l) => `${l.framework} ${l.version}`))];
  if (frameworks.length !== 1) {
    throw new TwinError(
      `Twin output must come from one framework and version: got ${
        frameworks.join(", ") || "no lines"
      }`,
    );
  }
  const setup = claim.scales[options.scale] as ScaleSetup<unknown>;
  const { config, subset } = twin.restrict(setup.config, options.subset);
  const runs = twin.seedRuns(lines, config, options.seeds);
  const metrics = perSeedMetrics(runs);
  const summary = claim.summarize?.(runs, config as Readonly<Record<string, unknown>>) ?? {};
  for (const [name, value] of Object.entries(summary)) metrics[name] = summarizeValues([value]);
  const { verdict, bands, guards } = judge(setup, metrics);
  return {
    framework: lines[0].framework,
    version: lines[0].version,
    scale: options.scale,
    seeds: options.seeds,
    subset,
    metrics,
    verdict,
    bands,
    guards,
    command: options.command,
    wallSeconds: Number(options.wallSeconds.toFixed(3)),
    finishedAt: (options.finishedAt ?? new Date()).toISOString(),
  };
}

function perSeedMetrics(runs: SeedRun[]): Record<string, MetricSummary> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  return Object.fromEntries(
    names.map((name) => [name, summarizeValues(runs.map((r) => r.metrics[name] ?? Number.NaN))]),
  );
}

/**
 * The metrics of each seed, for a twin whose script prints one `{ seed, metrics }` line per seed.
 * A diverged run's metrics are null in JSON: NaN here, so that the bands on them fail.
 *
 * @param lines All lines.
 * @param seeds The seeds, in the order wanted.
 * @param what What the lines hold, for the error naming a missing seed.
 * @returns One metrics object per seed.
 * @example
 * ```ts
 * const [metrics] = seedMetrics(lines, [0], "the DBM metrics");
 * ```
 */
export function seedMetrics(
  lines: TwinLine[],
  seeds: readonly number[],
  what: string,
): Record<string, number>[] {
  return seeds.map((seed) => {
    const [line] = linesOf(lines, seed, what, (l) => "metrics" in l);
    return Object.fromEntries(
      Object.entries(line.metrics as Record<string, number | null>)
        .map(([name, value]) => [name, value ?? Number.NaN]),
    );
  });
}

/**
 * The lines of one seed, or an error naming what is missing.
 *
 * @param lines All lines.
 * @param seed The seed.
 * @param what What the seed's lines must hold, for the error.
 * @param match Which lines count.
 * @returns The seed's matching lines.
 * @example
 * ```ts
 * linesOf(lines, 0, "row lag50-h100-v50-f5", (l) => l.row === "lag50-h100-v50-f5");
 * ```
 */
export function linesOf(
  lines: TwinLine[],
  seed: number,
  what: string,
  match: (line: TwinLine) => boolean,
): TwinLine[] {
  const found = lines.filter((l) => l.seed === seed && match(l));
  if (found.length === 0) throw new TwinError(`Twin output lacks seed ${seed} for ${what}`);
  return found;
}
