import { parse } from "csv-parse/sync";
import { badFile } from "./_bad_file.ts";
import { type DataRoots, dataRoots, locateDataFile } from "./locate.ts";

/** Path of the CSV inside a data folder. */
export const REGRESSION_FILE = "regression/data.csv";
/** Rows of the CSV: X1, X2, T1..T5 (the course notebook reads it without header and transposes). */
export const REGRESSION_ROWS = 7;
/** Points, one per column. */
export const REGRESSION_POINTS = 13_600;

// A decimal number with optional exponent; csv-parse keeps fields as text so that each one is
// checked here instead of silently becoming NaN.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The personal regression data set of exercise 1.4. */
export interface RegressionData {
  /** First input coordinate of each point, in [0, 1]. */
  x1: Float64Array;
  /** Second input coordinate of each point, in [0, 1]. */
  x2: Float64Array;
  /** The five target functions T1..T5 at each point. */
  targets: Float64Array[];
}

/**
 * Parse the regression CSV: exactly `rows` comma-separated rows of `columns` numbers, no header.
 *
 * @param text The file's text.
 * @param options `file`: its name, for messages; `rows` and `columns`: the expected shape.
 * @returns One Float64Array per row.
 * @throws {DataError} For a CSV syntax error, a wrong row count, a short or long row, or a field
 *   that is not a number (1-based line and column given).
 * @example
 * ```ts
 * parseNumberCsv("1,2\n3,4e-1\n", { file: "t.csv", rows: 2, columns: 2 }); // [Float64Array [1, 2], Float64Array [3, 0.4]]
 * ```
 */
export function parseNumberCsv(
  text: string,
  options: { file: string; rows: number; columns: number },
): Float64Array[] {
  const { file } = options;
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0].replace(/\.$/, "");
    throw badFile(file, `not valid CSV (${reason})`);
  }
  const out: Float64Array[] = [];
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    if (r >= options.rows) {
      throw badFile(file, `expected ${options.rows} rows, got a row ${r + 1}`);
    }
    if (record.length !== options.columns) {
      throw badFile(
        file,
        `row ${r + 1} has ${record.length} columns, expected ${options.columns}`,
      );
    }
    const values = new Float64Array(options.columns);
    for (let c = 0; c < record.length; c++) {
      const field = record[c].trim();
      const value = Number(field);
      if (!NUMBER.test(field) || !Number.isFinite(value)) {
        const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
        throw badFile(
          file,
          `row ${r + 1}, column ${c + 1} is not a number: ${JSON.stringify(shown)}`,
        );
      }
      values[c] = value;
    }
    out.push(values);
  }
  if (out.length !== options.rows) {
    throw badFile(file, `expected ${options.rows} rows, got ${out.length}`);
  }
  return out;
}

/** How {@link loadRegression} finds its file. */
export interface LoadRegressionOptions {
  /**
   * Folders to search.
   * @default dataRoots()
   */
  roots?: DataRoots;
  /**
   * Expected number of points (columns).
   * @default 13600
   */
  points?: number;
}

/**
 * The personal regression data set from `ANNDL_DATA_DIR` or the cache: `regression/data.csv`,
 * 7 rows × 13600 columns (X1, X2, T1..T5).
 *
 * @param options Where to look and, for small test files, the number of points.
 * @returns The inputs and the five targets, 13600 values each.
 * @throws {DataError} For a missing file or any deviation from that shape.
 * @example
 * ```ts
 * const { x1, targets } = await loadRegression();
 * [x1.length, targets.length]; // [13600, 5]
 * ```
 */
export async function loadRegression(options: LoadRegressionOptions = {}): Promise<RegressionData> {
  const file = await locateDataFile(REGRESSION_FILE, options.roots ?? dataRoots());
  const rows = parseNumberCsv(await Deno.readTextFile(file), {
    file,
    rows: REGRESSION_ROWS,
    columns: options.points ?? REGRESSION_POINTS,
  });
  return { x1: rows[0], x2: rows[1], targets: rows.slice(2) };
}
