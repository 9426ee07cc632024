import type { ResultRecord, UnreadableRecord } from "../results/mod.ts";
import type { ClaimView } from "./claim_views.ts";
import { evidenceSummary } from "./evidence.ts";
import { formatBand, formatMeasured, formatValue, verdictLabel } from "./_format.ts";
import { scaleCountsMarkdown } from "./scale_views.ts";

const MARK: Record<string, string> = {
  "reproduced": "✅",
  "not-reproduced": "❌",
  "skipped": "⏭️",
  "not-implemented": "·",
};

/** At most this many band checks per claim in the table; the page has the rest. */
const CHECKS_PER_ROW = 2;

/**
 * The summary in Markdown, short enough for a pull-request comment or a CI job summary: a count
 * line, one row per claim with a record (its verdict at each scale and its first band checks),
 * then the ids of the claims not implemented.
 *
 * @param views The claims with their records, from {@linkcode claimViews}.
 * @param unreadable Record files that could not be read. @default []
 * @returns Markdown text.
 * @example
 * ```ts
 * renderSummary(claimViews(catalogue, records)).split("\n")[0]; // "## anndl-spec: 3 of 26 …"
 * ```
 */
export function renderSummary(
  views: readonly ClaimView[],
  unreadable: readonly UnreadableRecord[] = [],
): string {
  const tally = (status: string) => views.filter((v) => v.status === status).length;
  const implemented = views.length - tally("not-implemented");
  const lines = [
    `## anndl-spec: ${implemented} of ${views.length} claims run`,
    "",
    `${MARK.reproduced} ${tally("reproduced")} reproduced · ${MARK["not-reproduced"]} ${
      tally("not-reproduced")
    } not reproduced · ${MARK.skipped} ${tally("skipped")} skipped · ${
      tally("not-implemented")
    } not implemented`,
    "",
    scaleCountsMarkdown(views),
    "",
  ];
  for (const bad of unreadable) lines.push(`> ⚠️ unreadable record \`${bad.path}\`: ${bad.error}`);
  if (unreadable.length > 0) lines.push("");
  lines.push(
    "| claim | quick | full | measured (band; report) |",
    "|---|---|---|---|",
  );
  for (const view of views.filter((v) => v.records.length > 0)) {
    const quick = view.records.find((r) => r.scale === "quick");
    const full = view.records.find((r) => r.scale === "full");
    const main = full ?? quick;
    lines.push(
      `| ${view.entry.id} | ${cell(quick)} | ${cell(full)} | ${main ? checks(main) : ""} |`,
    );
  }
  const evidence = evidenceSummary(views);
  if (evidence.length > 0) lines.push("", ...evidence);
  const missing = views.filter((v) => v.records.length === 0).map((v) => v.entry.id);
  if (missing.length > 0) lines.push("", `Not implemented: ${missing.join(", ")}.`);
  lines.push("", "Full report: `results/report/index.html` (`deno task report`).", "");
  return lines.join("\n");
}

function cell(record: ResultRecord | undefined): string {
  if (!record) return "";
  const unexpected = record.expected && record.verdict !== record.expected ? " ⚠️" : "";
  return `${MARK[record.verdict] ?? ""} ${verdictLabel(record.verdict)}${unexpected}`;
}

function checks(record: ResultRecord): string {
  if (record.verdict === "skipped") return escapeCell(record.reason ?? "");
  const shown = record.bands.slice(0, CHECKS_PER_ROW).map((band) => {
    const report = band.reportKey
      ? `; report ${clip(formatValue(record.report[band.reportKey]))}`
      : "";
    const value = formatMeasured(record.metrics[band.metric], band.value ?? undefined);
    return `${band.pass ? "" : "**✗** "}\`${band.metric}\` ${value} (${formatBand(band)}${report})`;
  });
  const more = record.bands.length - CHECKS_PER_ROW;
  if (more > 0) shown.push(`+${more} more`);
  return escapeCell(shown.join("<br>"));
}

/** Long report values (state lists, formulas) are cut; the page shows them whole. */
function clip(text: string, max = 32): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
