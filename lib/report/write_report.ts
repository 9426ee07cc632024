import { join } from "node:path";
import type { UnreadableRecord } from "../results/mod.ts";
import { claimViews, type ReportEntry } from "./claim_views.ts";
import { renderPage } from "./html_page.ts";
import { type InlineImage, inlineImages } from "./inline_images.ts";
import { loadRecords } from "./load_records.ts";
import { renderSummary } from "./summary.ts";

/** Options of {@linkcode writeReport}. */
export interface WriteReportOptions {
  /** The report's claims, so that unimplemented ones show as such. @default [] (records only) */
  catalogue?: readonly ReportEntry[];
}

/** What {@linkcode writeReport} wrote and left out. */
export interface WrittenReport {
  /** `<resultsDir>/report/index.html` and `<resultsDir>/report/SUMMARY.md`. */
  files: string[];
  /** Record files that could not be read; the report names them and shows the rest. */
  unreadable: UnreadableRecord[];
}

/**
 * Render `<resultsDir>/{quick,full}/*.json` into `<resultsDir>/report/index.html` and
 * `<resultsDir>/report/SUMMARY.md`. Output names are fixed, so no record can make the report
 * write anywhere else; each file is written to a temporary name and renamed.
 *
 * @param resultsDir The results folder.
 * @param options The catalogue of claims.
 * @returns The files written and the record files that could not be read.
 * @example
 * ```ts
 * const { files, unreadable } = await writeReport("results", { catalogue: CATALOGUE });
 * ```
 */
export async function writeReport(
  resultsDir: string,
  options: WriteReportOptions = {},
): Promise<WrittenReport> {
  const { records, unreadable } = await loadRecords(resultsDir);
  const views = claimViews(options.catalogue ?? [], records);
  const images = new Map<string, Record<string, InlineImage>>();
  for (const record of records) {
    images.set(`${record.scale}/${record.claim}`, await inlineImages(resultsDir, record));
  }
  const outDir = join(resultsDir, "report");
  await Deno.mkdir(outDir, { recursive: true });
  const page = join(outDir, "index.html");
  const summary = join(outDir, "SUMMARY.md");
  await writeAtomically(page, await renderPage(views, { unreadable, images }));
  await writeAtomically(summary, renderSummary(views, unreadable));
  return { files: [page, summary], unreadable };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${Deno.pid}.tmp`;
  try {
    await Deno.writeTextFile(temporary, text);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}
