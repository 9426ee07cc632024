import type { ResultRecord } from "../results/mod.ts";

/**
 * One claim of the report as the report lists it: structurally a `CatalogueEntry` of
 * `lib/claims`, passed in by the caller so that this folder reads results only.
 */
export interface ReportEntry {
  /** The claim id, e.g. `1.3.5-cnn-params`. */
  id: string;
  /** Exercise number, 1 to 4. */
  exercise: number;
  /** Report section, e.g. `1.3.5`. */
  section: string;
  /** The claim in one line. */
  statement: string;
  /**
   * An exact claim whose full setup is its quick one (same config and seeds): its quick record
   * stands for the report's scale where no full record exists. @default false
   */
  shared?: boolean;
}

/** What the page and the summary show for a claim: where a record exists, one per scale. */
export interface ClaimView {
  entry: ReportEntry;
  /** The claim's records, `full` (the report's setup) first, then `quick`. */
  records: ResultRecord[];
  /** `not-implemented` when the claim has no record at any scale. */
  status: "reproduced" | "not-reproduced" | "skipped" | "not-implemented";
}

/**
 * Join the catalogue with the records: one view per catalogue entry in catalogue order, then one
 * per record of a claim the catalogue lacks (so nothing measured goes unseen).
 *
 * @param catalogue The report's claims in report order.
 * @param records Records of any scale, in any order.
 * @returns The views; a claim's status is the verdict of its `full` record if any, else `quick`.
 * @example
 * ```ts
 * const views = claimViews([{ id: "3.3-attention", exercise: 3, section: "3.3", statement: "…" }], []);
 * views[0].status; // "not-implemented"
 * ```
 */
export function claimViews(
  catalogue: readonly ReportEntry[],
  records: readonly ResultRecord[],
): ClaimView[] {
  const byClaim = new Map<string, ResultRecord[]>();
  for (const record of records) {
    const list = byClaim.get(record.claim) ?? [];
    list.push(record);
    byClaim.set(record.claim, list);
  }
  const entries = [...catalogue];
  for (const [id, list] of byClaim) {
    if (entries.some((e) => e.id === id)) continue;
    const section = list[0].section || id.split("-")[0];
    entries.push({
      id,
      exercise: Number(section.split(".")[0]) || 0,
      section,
      statement: list[0].statement,
    });
  }
  return entries.map((entry) => {
    const list = (byClaim.get(entry.id) ?? []).sort((a, b) =>
      a.scale === b.scale ? 0 : a.scale === "full" ? -1 : 1
    );
    return { entry, records: list, status: list[0]?.verdict ?? "not-implemented" };
  });
}
