import type { ResultRecord } from "../results/mod.ts";

/** What one seed of a claim is estimated to cost, and where the figure comes from. */
export interface SeedCost {
  /** Estimated CPU seconds of one seed on one thread. */
  seconds: number;
  /** Where it comes from, e.g. `full record (3 seeds)` or `quick record × 20 (epochs, trainImages)`. */
  basis: string;
}

/** Measurements to estimate from. */
export interface CostSources {
  /**
   * Seconds of the seeds a cut run of this very config and code kept (CPU seconds where they
   * were measured, else wall): the best guide.
   */
  kept?: readonly number[];
  /** The claim's record at the scale to run, of any config: its seconds per seed. */
  same?: ResultRecord;
  /** The claim's record at the other scale, scaled by the work ratio of the configs. */
  other?: ResultRecord;
  /** The other scale's config in the spec, to scale by. */
  otherConfig?: unknown;
}

// Top-level config fields the work of a seed grows with, in groups: within a group phases add up
// (pre-training and joint epochs), so the group's ratio is its largest; the groups multiply.
const WORK_GROUPS = [
  /^(train|trainImages|trainSize|trainCount|images)$/i, // the data each pass reads
  /epoch|steps|iterations|starts|repeats/i, // passes over it
  /^(widths|models|variants|optimizers)$|Widths$/, // the nets trained: by total width, else by count
] as const;

/**
 * Estimate one seed's CPU seconds from measured times (a record's CPU seconds where it has them,
 * else its wall seconds): seeds a cut run of this config and
 * code kept give their mean; else a record at this scale gives its
 * seconds per seed (a record of another config is scaled by the work ratio); else the other
 * scale's record is scaled by the ratio of the top-level work fields: training images times
 * passes (the largest ratio among epoch-like fields, as phases add up), times the nets trained
 * (total width for a list of widths, else the number of models, variants or optimizers). Nets
 * of unequal cost (ViT's "best" costs ten "baseline"s) make it an underestimate; a nested setup
 * (4.3's GAN) counts by the larger of its ratio and the outer one, an overestimate. Evaluation
 * sizes are not counted, so this is a rough figure; the campaign corrects its ETA by measured
 * over estimated as it goes.
 *
 * @param config The config to run.
 * @param sources The records to estimate from.
 * @returns The cost per seed and its basis, or undefined without a record to go by.
 * @example
 * ```ts
 * estimateSeedSeconds({ epochs: 50 }, { other: quickRecord, otherConfig: { epochs: 5 } });
 * // { seconds: 10 × quick's seconds per seed, basis: "quick record × 10 (epochs)" }
 * ```
 */
export function estimateSeedSeconds(config: unknown, sources: CostSources): SeedCost | undefined {
  // CPU seconds where the record has them: wall time also counts what else held the cores.
  const perSeed = (r: ResultRecord) =>
    (r.cpuSeconds ?? r.wallSeconds) / Math.max(1, r.seeds.length);
  const usable = (r?: ResultRecord) => r && r.verdict !== "skipped" && r.wallSeconds > 0;
  const kept = sources.kept ?? [];
  if (kept.length > 0) {
    const seconds = kept.reduce((sum, s) => sum + s, 0) / kept.length;
    return {
      seconds,
      basis: `${kept.length} kept seed${kept.length === 1 ? "" : "s"} of this run`,
    };
  }
  if (usable(sources.same)) {
    const record = sources.same!;
    const { ratio, fields } = workRatio(record.config, config);
    const label = `${record.scale} record (${record.seeds.length} seeds)`;
    return ratio === 1
      ? { seconds: perSeed(record), basis: label }
      : { seconds: perSeed(record) * ratio, basis: `${label} × ${round(ratio)} (${fields})` };
  }
  if (usable(sources.other)) {
    const record = sources.other!;
    const { ratio, fields } = workRatio(record.config ?? sources.otherConfig, config);
    return {
      seconds: perSeed(record) * ratio,
      basis: `${record.scale} record × ${round(ratio)}${fields ? ` (${fields})` : ""}`,
    };
  }
  return undefined;
}

/**
 * The work ratio of two configs: per group of work fields the largest new/old ratio, multiplied.
 *
 * @param from The measured config.
 * @param to The config to run.
 * @returns The ratio (1 when nothing differs) and the fields that differ.
 * @example
 * ```ts
 * workRatio({ epochs: 5, lr: 1 }, { epochs: 50, lr: 2 }); // { ratio: 10, fields: "epochs" }
 * ```
 */
export function workRatio(from: unknown, to: unknown): { ratio: number; fields: string } {
  const a = (from ?? {}) as Record<string, unknown>;
  const b = (to ?? {}) as Record<string, unknown>;
  const size = (v: unknown) =>
    typeof v === "number"
      ? v
      : Array.isArray(v) && v.length > 0
      ? v.every((n) => typeof n === "number")
        ? v.reduce((sum, n) => sum + Math.abs(n), 0)
        : v.length
      : undefined;
  let ratio = 1;
  const fields: string[] = [];
  for (const group of WORK_GROUPS) {
    let largest = 1;
    for (const key of Object.keys(b).filter((k) => group.test(k))) {
      const [x, y] = [size(a[key]), size(b[key])];
      if (x === undefined || y === undefined || x <= 0 || x === y) continue;
      largest = Math.max(largest, y / x);
      fields.push(key);
    }
    ratio *= largest;
  }
  // A nested setup (4.3's GAN beside its VAE) shares the seed's time in a proportion no record
  // gives: the larger of its ratio and the outer one bounds the whole from above.
  for (const [key, value] of Object.entries(b)) {
    if (!isPlainObject(value) || !isPlainObject(a[key])) continue;
    const nested = workRatio(a[key], value);
    if (nested.ratio <= ratio) continue;
    ratio = nested.ratio;
    fields.push(...nested.fields.split(", ").map((field) => `${key}.${field}`));
  }
  return { ratio, fields: fields.join(", ") };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function round(value: number): string {
  return String(Number(value.toPrecision(3)));
}
