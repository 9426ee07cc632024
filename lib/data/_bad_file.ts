import { DataError } from "./errors.ts";
import { cacheDir } from "./locate.ts";

/** The cache folder for messages; a missing HOME must not hide the real problem. */
function cacheForMessage(): string {
  try {
    return cacheDir();
  } catch {
    return "the cache folder";
  }
}

/**
 * A {@link DataError} for a file that exists but is wrong: names the file, the problem and how to
 * replace it. A bad copy in `ANNDL_DATA_DIR` shadows the cache, so the advice differs.
 */
export function badFile(file: string, problem: string): DataError {
  const dataDir = Deno.env.get("ANNDL_DATA_DIR");
  const fix = dataDir && file.startsWith(dataDir)
    ? `replace it with a good copy, or unset ANNDL_DATA_DIR and run \`deno task data\` to download one into ${cacheForMessage()}`
    : `run \`deno task data\` to download a good copy into ${cacheForMessage()}`;
  return new DataError(`Bad data file ${file}: ${problem}; ${fix}`);
}
