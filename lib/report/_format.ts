// Number and band formatting shared by the page, the summary and `compare`.
import type { ResultRecord } from "../results/mod.ts";

/** A band as stored in a record (a `BandCheck`). */
export type StoredBand = ResultRecord["bands"][number];

/** A metric as stored in a record (a `MetricSummary`). */
export type StoredMetric = ResultRecord["metrics"][string];

/** Four significant digits; integers with thousands separators; tiny and huge values in e-notation. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return value.toLocaleString("en-US");
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) {
    return value.toExponential(2);
  }
  return String(Number(value.toPrecision(4)));
}

/**
 * A report value as the report gives it: integers grouped, other numbers in full, less the
 * binary noise of a value derived from the report's own (0.9873 − 0.9838 is 0.0034999999999999476
 * in float64; twelve significant digits give 0.0035 and leave every printed figure whole).
 */
export function formatValue(value: number | string | undefined): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return formatNumber(value);
  return String(Number(value.toPrecision(12)));
}

/** `= v`, `≥ min`, `≤ max` or `min … max`. */
export function formatBand(band: { min?: number | null; max?: number | null }): string {
  const hasMin = typeof band.min === "number";
  const hasMax = typeof band.max === "number";
  if (hasMin && hasMax && band.min === band.max) return `= ${formatNumber(band.min)}`;
  if (hasMin && hasMax) return `${formatNumber(band.min)} … ${formatNumber(band.max)}`;
  if (hasMin) return `≥ ${formatNumber(band.min)}`;
  if (hasMax) return `≤ ${formatNumber(band.max)}`;
  return "any";
}

/** Whether a value lies in a band; a missing or non-finite value never does. */
export function inBand(
  value: number | undefined,
  band: { min?: number | null; max?: number | null },
): boolean {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (typeof band.min === "number" && value < band.min) return false;
  if (typeof band.max === "number" && value > band.max) return false;
  return true;
}

/** `mean ± std` over the seeds, or the single value. */
export function formatMeasured(metric: StoredMetric | undefined, fallback?: number): string {
  if (!metric) return formatNumber(fallback);
  if (metric.values.length <= 1 || metric.std === 0) return formatNumber(metric.mean);
  // Two significant digits of spread are all the seeds can tell.
  const spread = metric.std < 1e-3
    ? metric.std.toExponential(1)
    : String(Number(metric.std.toPrecision(2)));
  return `${formatNumber(metric.mean)} ± ${spread}`;
}

/** Verdict words for people: `not-reproduced` becomes `not reproduced`. */
export function verdictLabel(verdict: string): string {
  return verdict.replaceAll("-", " ");
}

/**
 * Seeds as a short list, runs of three or more as ranges.
 *
 * @param seeds Seeds, in order.
 * @returns e.g. `0–4, 7, 9`.
 * @example
 * ```ts
 * formatSeeds([0, 1, 2, 3, 7]); // "0–3, 7"
 * ```
 */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; i++) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j] + 1) j++;
    parts.push(j - i >= 2 ? `${seeds[i]}–${seeds[j]}` : seeds.slice(i, j + 1).join(", "));
    i = j;
  }
  return parts.join(", ");
}
