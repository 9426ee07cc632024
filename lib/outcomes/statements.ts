import type { BandCheck } from "./band.ts";

/** The group of the bands that carry no `statement`: the claim as a whole. */
export const WHOLE_CLAIM = "the claim";

/** The verdict of one statement of a claim: the bands of its group. */
export interface StatementVerdict {
  /** The statement's short name, from its bands' `statement` (or {@linkcode WHOLE_CLAIM}). */
  statement: string;
  /** Every band of the group holds. */
  reproduced: boolean;
  /** Bands of the group that hold. */
  passed: number;
  /** Bands of the group. */
  total: number;
  /** The group's band metrics, in band order. */
  metrics: string[];
}

/**
 * Group a claim's band checks by statement, in the order the statements first appear. A claim's
 * `verdict` stays the verdict of all its bands; these say which statement failed.
 *
 * @param bands The claim's band checks (guards decide no verdict and are left out).
 * @returns One verdict per statement.
 * @example
 * ```ts
 * statementVerdicts([
 *   { metric: "a", min: 0, why: "", statement: "attractors", value: 1, pass: true },
 *   { metric: "b", max: 0, why: "", statement: "iterations", value: 1, pass: false },
 * ]).map((s) => s.reproduced); // [true, false]
 * ```
 */
export function statementVerdicts(bands: readonly BandCheck[]): StatementVerdict[] {
  const groups = new Map<string, StatementVerdict>();
  for (const band of bands) {
    const statement = band.statement ?? WHOLE_CLAIM;
    let group = groups.get(statement);
    if (!group) {
      group = { statement, reproduced: true, passed: 0, total: 0, metrics: [] };
      groups.set(statement, group);
    }
    group.total++;
    if (band.pass) group.passed++;
    group.reproduced &&= band.pass;
    group.metrics.push(band.metric);
  }
  return [...groups.values()];
}
