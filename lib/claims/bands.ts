import type { Band, BandCheck } from "../outcomes/mod.ts";

export type { BandCheck };

/**
 * Check seed-averaged metrics against bands; a missing or non-finite metric fails its band.
 *
 * @param means Metric name to seed-averaged value.
 * @param bands The bands.
 * @returns One check per band, in band order.
 * @example
 * ```ts
 * checkBands({ acc: 0.99 }, [{ metric: "acc", min: 0.98, why: "report 99.15%" }])[0].pass; // true
 * ```
 */
export function checkBands(means: Record<string, number>, bands: readonly Band[]): BandCheck[] {
  return bands.map((band) => {
    const value = means[band.metric] ?? Number.NaN;
    const pass = Number.isFinite(value) && (band.min === undefined || value >= band.min) &&
      (band.max === undefined || value <= band.max);
    return { ...band, value, pass };
  });
}

/**
 * Render a band as an interval, e.g. `[0.98, 1]` or `≥ 0.98`.
 *
 * @param band The band.
 * @returns The interval as text.
 * @example
 * ```ts
 * formatBand({ metric: "acc", min: 0.98, why: "" }); // "≥ 0.98"
 * ```
 */
export function formatBand(band: Band): string {
  if (band.min !== undefined && band.max !== undefined) {
    return band.min === band.max ? `= ${band.min}` : `[${band.min}, ${band.max}]`;
  }
  if (band.min !== undefined) return `≥ ${band.min}`;
  if (band.max !== undefined) return `≤ ${band.max}`;
  return "any";
}
