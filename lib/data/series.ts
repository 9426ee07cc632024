import { badFile } from "./_bad_file.ts";

// A decimal number with optional exponent, as MATLAB's `save -ascii` writes it
// (`   8.6000000e+01`); nothing else may stand on a line.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parse a series file with one number per line (CRLF or LF line ends, surrounding blanks allowed,
 * one final line end allowed).
 *
 * @param text The file's text.
 * @param options `file`: its name, for messages; `count`: the exact number of values expected.
 * @returns The values.
 * @throws {DataError} For a line that is not a single number (1-based line number given), a
 *   blank line, or a count other than `count`.
 * @example
 * ```ts
 * parseSeries("   8.6000000e+01\r\n   1.4100000e+02\r\n", { file: "train.dat", count: 2 }); // Float64Array [86, 141]
 * ```
 */
export function parseSeries(
  text: string,
  options: { file: string; count: number },
): Float64Array {
  const { file, count } = options;
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const values = new Float64Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const field = lines[i].trim();
    const value = Number(field);
    if (!NUMBER.test(field) || !Number.isFinite(value)) {
      const shown = lines[i].length > 40 ? `${lines[i].slice(0, 40)}…` : lines[i];
      throw badFile(file, `line ${i + 1} is not a number: ${JSON.stringify(shown)}`);
    }
    values[i] = value;
  }
  // Counted after the lines are checked, so a stray line is reported as such.
  if (lines.length !== count) {
    throw badFile(file, `expected ${count} values (one per line), got ${lines.length} lines`);
  }
  return values;
}
