import type { BandCheck } from "./bands.ts";

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

/**
 * A claim's statements in words: `reproduced`, `reproduced in part (3 of 4)` or
 * `not reproduced`.
 *
 * @param statements The claim's statement verdicts.
 * @returns The text; empty for a claim without bands.
 * @example
 * ```ts
 * statementsLabel([{ statement: "a", reproduced: true, passed: 1, total: 1, metrics: ["a"] },
 *   { statement: "b", reproduced: false, passed: 0, total: 1, metrics: ["b"] }]);
 * // "reproduced in part (1 of 2)"
 * ```
 */
export function statementsLabel(statements: readonly StatementVerdict[]): string {
  if (statements.length === 0) return "";
  const held = statements.filter((s) => s.reproduced).length;
  if (held === statements.length) return "reproduced";
  if (held === 0) return "not reproduced";
  return `reproduced in part (${held} of ${statements.length})`;
}
