import { join } from "node:path";
import { readRecords, type UnreadableRecord } from "../results/mod.ts";
import { renderSummary } from "./summary.ts";

/**
 * Render `results/` into `results/report/`.
 *
 * @param resultsDir The results folder.
 * @returns The files written and the records that could not be read.
 * @example
 * ```ts
 * const { files } = await writeReport("results");
 * ```
 */
export async function writeReport(
  resultsDir: string,
): Promise<{ files: string[]; unreadable: UnreadableRecord[] }> {
  const { records, unreadable } = await readRecords(resultsDir);
  const outDir = join(resultsDir, "report");
  await Deno.mkdir(outDir, { recursive: true });
  const summary = join(outDir, "SUMMARY.md");
  await Deno.writeTextFile(summary, renderSummary(records));
  return { files: [summary], unreadable };
}
