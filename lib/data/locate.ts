import { DataError } from "./errors.ts";

/** Folders searched for a data file, in order. */
export interface DataRoots {
  /** The folder named by `ANNDL_DATA_DIR`, laid out like `mnist/*.gz`, `santafe/*.dat`, `regression/data.csv`. */
  dataDir?: string;
  /** The per-user cache that `deno task data` fills. */
  cacheDir: string;
}

/**
 * How a user gets a missing data file; ends the message of a missing-file {@link DataError}.
 *
 * @param roots The folders searched; the advice names the cache among them.
 * @default roots {@link dataRoots}()
 * @returns One clause, lowercase, without a final period.
 * @example
 * ```ts
 * howToGetData({ cacheDir: "/c" }); // "run `deno task data` to download it into /c, or set ANNDL_DATA_DIR …"
 * ```
 */
export function howToGetData(roots: DataRoots = dataRoots()): string {
  return `run \`deno task data\` to download it into ${roots.cacheDir}, or set ANNDL_DATA_DIR to a folder holding a good copy`;
}

/**
 * The per-user cache folder: `$XDG_CACHE_HOME/anndl-spec`, else `~/.cache/anndl-spec`.
 *
 * @returns An absolute path; the folder may not exist yet.
 * @example
 * ```ts
 * cacheDir().endsWith("anndl-spec"); // true
 * ```
 */
export function cacheDir(): string {
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  if (xdg) return `${xdg}/anndl-spec`;
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (!home) throw new DataError("Neither XDG_CACHE_HOME nor HOME is set: set ANNDL_DATA_DIR");
  return `${home}/.cache/anndl-spec`;
}

/**
 * The search folders as the environment names them now: `ANNDL_DATA_DIR`, then {@link cacheDir}.
 *
 * @returns The roots; `dataDir` is absent when `ANNDL_DATA_DIR` is unset or empty.
 * @example
 * ```ts
 * const roots = dataRoots();
 * roots.cacheDir.length > 0; // true
 * ```
 */
export function dataRoots(): DataRoots {
  const dataDir = Deno.env.get("ANNDL_DATA_DIR") || undefined;
  return { dataDir, cacheDir: cacheDir() };
}

/**
 * Find a data file by its path relative to a data folder, looking in `ANNDL_DATA_DIR` first and
 * the cache second.
 *
 * @param relative A path such as `mnist/t10k-labels-idx1-ubyte.gz`.
 * @param roots The folders to search.
 * @default roots {@link dataRoots}()
 * @returns The path of the first copy found.
 * @throws {DataError} When neither folder holds the file, saying where it looked and how to get it.
 * @example
 * ```ts
 * await locateDataFile("santafe/lasertrain.dat"); // "/…/santafe/lasertrain.dat" or a DataError
 * ```
 */
export async function locateDataFile(
  relative: string,
  roots: DataRoots = dataRoots(),
): Promise<string> {
  const candidates = [roots.dataDir, roots.cacheDir].filter((d): d is string => Boolean(d))
    .map((dir) => `${dir}/${relative}`);
  for (const path of candidates) {
    try {
      if ((await Deno.stat(path)).isFile) return path;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw new DataError(
          `Data file ${path} cannot be read (${(error as Error).message}): ${howToGetData(roots)}`,
        );
      }
    }
  }
  throw new DataError(
    `Data file ${relative} is missing (looked in ${candidates.join(", ")}): ${howToGetData(roots)}`,
  );
}
