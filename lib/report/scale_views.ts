import { divergedSeeds, measuredSeeds, type ResultRecord, stoppedEarly } from "../results/mod.ts";
import type { ClaimView } from "./claim_views.ts";
import { formatMeasured, formatSeeds, verdictLabel } from "./_format.ts";
import { escapeHtml as esc } from "./_html.ts";

/** Claims by verdict at one scale, among the claims that have a record at any scale. */
export interface ScaleTally {
  reproduced: number;
  notReproduced: number;
  skipped: number;
  /** Claims with a record at the other scale only. */
  missing: number;
  /** Seeds summed over the records counted. */
  seeds: number;
}

/** The tallies the page and the summary show: the report's scale apart from the quick one. */
export interface ScaleTallies {
  full: ScaleTally;
  quick: ScaleTally;
  /** Exact claims counted at the report's scale by their quick record (same config and seeds). */
  shared: string[];
}

/**
 * The record that stands for a claim at a scale: its own, or for an exact claim (whose full setup
 * is its quick one, `ReportEntry.shared`) without a full record, the quick one.
 *
 * @param view The claim with its records.
 * @param scale The scale.
 * @returns The record and whether it is the quick one standing in; undefined without one.
 * @example
 * ```ts
 * recordAt(view, "full")?.shared; // true for 1.3.5-cnn-params with a quick record only
 * ```
 */
export function recordAt(
  view: ClaimView,
  scale: "quick" | "full",
): { record: ResultRecord; shared: boolean } | undefined {
  const own = view.records.find((r) => r.scale === scale);
  if (own) return { record: own, shared: false };
  const quick = view.records.find((r) => r.scale === "quick");
  return scale === "full" && view.entry.shared && quick
    ? { record: quick, shared: true }
    : undefined;
}

/**
 * Count the claims reproduced at the report's scale apart from those reproduced at quick scale.
 *
 * @param views The claims with their records.
 * @returns One tally per scale and the exact claims counted by their quick record.
 * @example
 * ```ts
 * scaleTallies(claimViews(catalogue, records)).full.reproduced; // 9
 * ```
 */
export function scaleTallies(views: readonly ClaimView[]): ScaleTallies {
  const run = views.filter((v) => v.records.length > 0);
  const tally = (scale: "quick" | "full"): ScaleTally => {
    const counted = { reproduced: 0, notReproduced: 0, skipped: 0, missing: 0, seeds: 0 };
    for (const view of run) {
      const at = recordAt(view, scale);
      if (!at) counted.missing++;
      else if (at.record.verdict === "reproduced") counted.reproduced++;
      else if (at.record.verdict === "not-reproduced") counted.notReproduced++;
      else counted.skipped++;
      counted.seeds += at && at.record.verdict !== "skipped" ? measuredSeeds(at.record).length : 0;
    }
    return counted;
  };
  const shared = run.filter((v) => recordAt(v, "full")?.shared).map((v) => v.entry.id);
  return { full: tally("full"), quick: tally("quick"), shared };
}

/**
 * The tallies as one line of Markdown: the report's scale first, then the quick scale.
 *
 * @param views The claims with their records.
 * @returns The line.
 * @example
 * ```ts
 * scaleCountsMarkdown(views); // "At the report's scale: 9 reproduced, 4 not reproduced, …"
 * ```
 */
export function scaleCountsMarkdown(views: readonly ClaimView[]): string {
  const { full, quick, shared } = scaleTallies(views);
  return `At the report's scale: ${describe(full, "full")}${sharedNote(shared)}. At quick scale: ${
    describe(quick, "quick")
  }.`;
}

/**
 * The tallies as a paragraph of the page.
 *
 * @param views The claims with their records.
 * @returns HTML.
 * @example
 * ```ts
 * scaleCountsHtml(views).startsWith('<p class="scale-counts">'); // true
 * ```
 */
export function scaleCountsHtml(views: readonly ClaimView[]): string {
  const { full, quick, shared } = scaleTallies(views);
  return `<p class="scale-counts"><b>At the report's scale</b> ${esc(describe(full, "full"))}${
    esc(sharedNote(shared))
  }. <b>At quick scale</b> ${esc(describe(quick, "quick"))}.</p>`;
}

/**
 * A card's quick and full runs side by side: verdict, seeds, backend and the seed mean of each
 * band's metric; an exact claim's full column names the quick record it shares.
 *
 * @param view The claim with its records.
 * @returns HTML, empty for a claim without records.
 * @example
 * ```ts
 * scaleColumnsHtml(view).startsWith('<table class="scales">'); // true
 * ```
 */
export function scaleColumnsHtml(view: ClaimView): string {
  if (view.records.length === 0) return "";
  const columns = (["quick", "full"] as const).map((scale) => recordAt(view, scale));
  const cell = (scale: number, fn: (r: ResultRecord, shared: boolean) => string) => {
    const at = columns[scale];
    return at ? fn(at.record, at.shared) : `<span class="none">no record</span>`;
  };
  const verdict = (r: ResultRecord, shared: boolean) =>
    `<span class="badge s-${esc(r.verdict)}">${esc(verdictLabel(r.verdict))}</span>` +
    (shared ? ` <small>the quick record: an exact claim, same config and seeds</small>` : "");
  const seeds = (r: ResultRecord) => {
    if (r.verdict === "skipped") return "—";
    const measured = measuredSeeds(r);
    if (measured.length === r.seeds.length) {
      return `${r.seeds.length} <small>(${esc(formatSeeds(r.seeds))})</small>`;
    }
    const diverged = divergedSeeds(r);
    const notes = diverged.length > 0 ? [`${formatSeeds(diverged)} diverged`] : [];
    if (stoppedEarly(r)) {
      notes.push(
        `stopped at seed ${r.seeds.filter((s) => !diverged.includes(s))[measured.length]}`,
      );
    }
    return `${measured.length} of ${r.seeds.length} <small>(${
      esc([formatSeeds(measured) || "none", ...notes].join("; "))
    })</small>`;
  };
  const backend = (r: ResultRecord) => esc(r.backend?.name ?? "unknown");
  const metrics = [
    ...new Set(columns.flatMap((at) => at?.record.bands.map((b) => b.metric) ?? [])),
  ];
  const rows = [
    `<tr><th>verdict</th><td>${cell(0, verdict)}</td><td>${cell(1, verdict)}</td></tr>`,
    `<tr><th>seeds</th><td>${cell(0, seeds)}</td><td>${cell(1, seeds)}</td></tr>`,
    `<tr><th>backend</th><td>${cell(0, backend)}</td><td>${cell(1, backend)}</td></tr>`,
    ...metrics.map((metric) => {
      const value = (r: ResultRecord) => {
        const band = r.bands.find((b) => b.metric === metric);
        if (!band) return "";
        const mark = r.verdict === "skipped" ? "" : band.pass ? " ✓" : " ✗";
        return esc(formatMeasured(r.metrics[metric], band.value ?? undefined)) + mark;
      };
      return `<tr><th><code>${esc(metric)}</code></th><td class="num">${
        cell(0, value)
      }</td><td class="num">${cell(1, value)}</td></tr>`;
    }),
  ];
  return `<table class="scales"><thead><tr><th></th><th>quick</th>` +
    `<th>full (the report's setup)</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function describe(t: ScaleTally, scale: "quick" | "full"): string {
  return `${t.reproduced} reproduced, ${t.notReproduced} not reproduced` +
    (t.skipped ? `, ${t.skipped} skipped` : "") +
    (t.missing ? `, ${t.missing} without a ${scale} record` : "") + ` (${t.seeds} seeds in all)`;
}

function sharedNote(shared: string[]): string {
  return shared.length === 0
    ? ""
    : `; ${shared.join(", ")} count by their quick record, which is their full setup by design`;
}

/** Seeds as ranges: `0–4`, `0, 2, 5–7`. */
