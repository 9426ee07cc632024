import { join } from "node:path";
import { readRecords, type ResultRecord, type UnreadableRecord } from "../results/mod.ts";

/** Records that can be rendered and compared, and the files that cannot, each with the reason. */
export interface LoadedRecords {
  /** Records whose fields have the types the report and `compare` rely on. */
  records: ResultRecord[];
  /** Files that could not be parsed or have a field of the wrong type, named by path. */
  unreadable: UnreadableRecord[];
}

/**
 * Read every record of a results folder, as {@linkcode readRecords} does, and also set aside
 * records whose fields have the wrong type, so that one bad file never stops a report or a
 * comparison of the others.
 *
 * @param dir The results folder, holding `quick/` and `full/`.
 * @returns The usable records and the unreadable files with reasons.
 * @example
 * ```ts
 * const { records, unreadable } = await loadRecords("results");
 * for (const bad of unreadable) console.error(`${bad.path}: ${bad.error}`);
 * ```
 */
export async function loadRecords(dir: string): Promise<LoadedRecords> {
  const { records, unreadable } = await readRecords(dir);
  const usable: ResultRecord[] = [];
  const bad = [...unreadable];
  for (const record of records) {
    const problems = recordProblems(record);
    if (problems.length === 0) {
      usable.push(record);
    } else {
      const name = typeof record.claim === "string" ? record.claim : "?";
      const scale = record.scale === "full" ? "full" : "quick";
      bad.push({
        path: join(dir, scale, `${name}.json`),
        error: `Record ${name}.json has fields of the wrong type: ${problems.join("; ")}`,
      });
    }
  }
  return { records: usable, unreadable: bad };
}

const VERDICTS = ["reproduced", "not-reproduced", "skipped"];

/**
 * What is wrong with a parsed record's field types, one phrase per problem.
 *
 * @param record A record as parsed from JSON.
 * @returns The problems; empty for a usable record.
 * @example
 * ```ts
 * recordProblems({ ...record, metrics: null }); // ["metrics: expected an object, got null"]
 * ```
 */
export function recordProblems(record: ResultRecord): string[] {
  const problems: string[] = [];
  const r = record as unknown as Record<string, unknown>;
  const expect = (key: string, ok: boolean, what: string) => {
    if (!ok) problems.push(`${key}: expected ${what}, got ${describe(r[key])}`);
  };
  expect("claim", typeof r.claim === "string" && r.claim.length > 0, "a claim id");
  expect("scale", r.scale === "quick" || r.scale === "full", "quick or full");
  expect("verdict", VERDICTS.includes(r.verdict as string), VERDICTS.join(", "));
  expect("statement", typeof r.statement === "string", "a string");
  expect("metrics", isObject(r.metrics), "an object");
  expect("report", isObject(r.report), "an object");
  expect("bands", Array.isArray(r.bands), "an array");
  expect("guards", Array.isArray(r.guards), "an array");
  expect("seeds", Array.isArray(r.seeds), "an array");
  expect("curves", isObject(r.curves), "an object");
  expect("tables", isObject(r.tables), "an object");
  expect("images", isObject(r.images), "an object");
  if (isObject(r.metrics)) {
    for (const [name, metric] of Object.entries(r.metrics)) {
      const m = metric as Record<string, unknown>;
      if (
        !isObject(m) || !(typeof m.mean === "number" || m.mean === null) || !Array.isArray(m.values)
      ) {
        problems.push(`metrics.${name}: expected {mean, std, min, max, values}`);
      }
    }
  }
  for (const key of ["bands", "guards"]) {
    if (!Array.isArray(r[key])) continue;
    (r[key] as unknown[]).forEach((band, i) => {
      if (!isObject(band) || typeof (band as { metric?: unknown }).metric !== "string") {
        problems.push(`${key}[${i}]: expected a band with a metric name`);
      }
    });
  }
  if (isObject(r.curves)) {
    for (const [name, series] of Object.entries(r.curves)) {
      const ok = Array.isArray(series) &&
        series.every((s) =>
          Array.isArray(s) && s.every((v) => typeof v === "number" || v === null)
        );
      if (!ok) problems.push(`curves.${name}: expected one number array per seed`);
    }
  }
  if (isObject(r.tables)) {
    for (const [name, rows] of Object.entries(r.tables)) {
      if (!Array.isArray(rows) || !rows.every(isObject)) {
        problems.push(`tables.${name}: expected an array of rows`);
      }
    }
  }
  if (isObject(r.images)) {
    for (const [name, path] of Object.entries(r.images)) {
      if (typeof path !== "string") problems.push(`images.${name}: expected a path`);
    }
  }
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.slice(0, 40));
  return typeof value;
}
