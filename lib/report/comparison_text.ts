import type { Comparison, MetricDiff } from "./compare.ts";
import { formatBand, formatNumber, verdictLabel } from "./_format.ts";

const STATUS_TEXT: Record<MetricDiff["status"], string> = {
  "in-band": "ok",
  "left-band": "LEFT BAND",
  "entered-band": "entered band",
  "outside": "outside band",
  "missing": "MISSING",
  "unbanded": "",
};

/**
 * A comparison as plain text: per claim a status line (`=` unchanged, `✗` regression, with what
 * of its setup changed, `+` new, `-` removed) and a metric table (old, new, delta, band), then the
 * unreadable files and a final count line.
 *
 * @param comparison The result of {@linkcode compareRecords}.
 * @param labels The two folders' names for the heading. @default { old: "old", new: "new" }
 * @returns Text lines joined by newlines, ending in a newline.
 * @example
 * ```ts
 * console.log(formatComparison(compareRecords(old, now), { old: "baseline", new: "results" }));
 * ```
 */
export function formatComparison(
  comparison: Comparison,
  labels: { old: string; new: string } = { old: "old", new: "new" },
): string {
  const lines = [`compare ${labels.old} → ${labels.new}`, ""];
  for (const claim of comparison.claims) {
    const name = `${claim.claim} (${claim.scale})`;
    if (claim.kind === "new") {
      lines.push(`+ ${name}: new claim, ${verdictLabel(claim.newVerdict ?? "")}`);
    } else if (claim.kind === "removed") {
      lines.push(`- ${name}: REMOVED, was ${verdictLabel(claim.oldVerdict ?? "")}`);
    } else if (claim.kind === "changed") {
      const setup = claim.setupChanges.length
        ? ` — setup changed: ${claim.setupChanges.join(", ")}`
        : "";
      lines.push(`✗ ${name}: ${claim.problems.join("; ")}${setup}`);
    } else {
      lines.push(`= ${name}: ${verdictLabel(claim.newVerdict ?? "")}`);
    }
    for (const s of claim.statements ?? []) {
      if (s.changed) lines.push(`    statement ${s.statement}: ${held(s.old)} → ${held(s.new)}`);
    }
    if (claim.metrics.length > 0) lines.push(...metricTable(claim.metrics));
  }
  for (const bad of comparison.unreadable) {
    lines.push(`! unreadable ${bad.side} record ${bad.path}: ${bad.error}`);
  }
  const count = (kind: string) => comparison.claims.filter((c) => c.kind === kind).length;
  const withSetup =
    comparison.claims.filter((c) => c.kind === "changed" && c.setupChanges.length > 0).length;
  lines.push(
    "",
    `${comparison.claims.length} claim records: ${count("same")} unchanged, ${
      count("changed")
    } regressed${withSetup ? ` (${withSetup} with a changed setup)` : ""}, ` +
      `${count("new")} new, ${
        count("removed")
      } removed; ${comparison.unreadable.length} unreadable` +
      ` → ${comparison.failed ? "FAIL" : "ok"}`,
  );
  return lines.join("\n") + "\n";
}

function metricTable(metrics: readonly MetricDiff[]): string[] {
  const rows = metrics.map((m) => [
    m.metric + (m.guard ? " (guard)" : ""),
    value(m.old),
    value(m.new),
    m.delta === undefined ? "" : signed(m.delta),
    m.band ? formatBand(m.band) : "",
    STATUS_TEXT[m.status],
  ]);
  const head = ["metric", "old", "new", "delta", "band", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    "    " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ").trimEnd();
  return [line(head), ...rows.map(line)];
}

function held(reproduced: boolean | undefined): string {
  if (reproduced === undefined) return "absent";
  return reproduced ? "reproduced" : "not reproduced";
}

function value(v: number | null | undefined): string {
  if (v === undefined) return "—";
  if (v === null) return "NaN";
  return formatNumber(v);
}

function signed(delta: number): string {
  if (delta === 0) return "0";
  return (delta > 0 ? "+" : "") + formatNumber(delta);
}
