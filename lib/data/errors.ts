/**
 * A missing, damaged or unverifiable data file: one line naming the file, what is wrong and how
 * to get a good copy. The CLI prints it and exits 2; specs let it fail the test.
 *
 * @example
 * ```ts
 * const error = new DataError("MNIST file /tmp/x.gz is missing: run `deno task data`");
 * error.name; // "DataError"
 * ```
 */
export class DataError extends Error {
  /** Lets callers recognise the error across module copies, and the CLI exit with 2. */
  override name = "DataError";
}
