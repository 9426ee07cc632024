import { type ResultRecord } from "../results/mod.ts";

/**
 * A markdown table of records: claim, scale, verdict, measured value against band and report.
 *
 * @param records The records, in any order.
 * @returns Markdown text.
 * @example
 * ```ts
 * renderSummary([]); // "| claim | scale | …"
 * ```
 */
export function renderSummary(records: readonly ResultRecord[]): string {
  const lines = [
    "| claim | scale | verdict | measured (band; report) |",
    "|---|---|---|---|",
  ];
  for (const record of records) {
    const checks = record.bands.map((band) => {
      const report = band.reportKey ? `; report ${record.report[band.reportKey]}` : "";
      const range = `${band.min ?? "−∞"}…${band.max ?? "∞"}`;
      return `${band.metric} ${
        Number.isInteger(band.value) ? band.value : Number(band.value.toPrecision(4))
      } (${range}${report})`;
    });
    lines.push(
      `| ${record.claim} | ${record.scale} | ${record.verdict} | ${
        checks.join("<br>") || record.reason || ""
      } |`,
    );
  }
  return lines.join("\n") + "\n";
}
