import { type DownloadOptions, downloadVerified } from "./download.ts";
import { DataError } from "./errors.ts";
import { type DataRoots, dataRoots } from "./locate.ts";
import { DATA_FILES, type DataFile } from "./manifest.ts";
import { sha256Hex } from "./sha256.ts";

/** Options of {@link downloadData}. */
export interface DownloadDataOptions extends DownloadOptions {
  /**
   * Which data sets to fetch.
   * @default all: mnist, santafe, regression
   */
  datasets?: readonly string[];
  /**
   * Where to look for existing copies and which cache to fill.
   * @default dataRoots()
   */
  roots?: DataRoots;
  /**
   * The files to consider (tests point them at a local server).
   * @default DATA_FILES
   */
  files?: readonly DataFile[];
  /**
   * Called with one line per file as it is settled.
   * @default nothing
   */
  onFile?: (line: string) => void;
}

/** What happened to one file. */
export interface DataFileOutcome {
  /** The file's path inside a data folder. */
  path: string;
  /** `data-dir`: a verified copy is in ANNDL_DATA_DIR; `cached`: already in the cache; `downloaded`: fetched now; `failed`: see `error`. */
  status: "data-dir" | "cached" | "downloaded" | "failed";
  /** Where the verified copy is (absent when failed). */
  location?: string;
  /** The URL a downloaded file came from. */
  url?: string;
  /** The one-line reason of a failure. */
  error?: string;
}

/** Data set names {@link downloadData} accepts. */
export const DATASET_NAMES = ["mnist", "santafe", "regression"] as const;

async function verifiedAt(path: string, file: DataFile): Promise<boolean> {
  try {
    const bytes = await Deno.readFile(path);
    return bytes.length === file.size && await sha256Hex(bytes) === file.sha256;
  } catch {
    return false;
  }
}

/**
 * Fill the per-user cache with every data file that `ANNDL_DATA_DIR` does not already hold a
 * verified copy of, from the public mirrors, each checked against its SHA-256 before it is
 * written (atomically). Files already right are left alone; `ANNDL_DATA_DIR` is never written.
 * This is what `deno task data` runs.
 *
 * @param options Which data sets, where, and a progress line callback.
 * @returns One outcome per file; the files that failed carry their reason.
 * @throws {DataError} For an unknown data set name.
 * @example
 * ```ts
 * const outcomes = await downloadData({ datasets: ["santafe"], onFile: console.log });
 * outcomes.every((o) => o.status !== "failed"); // true when the network is reachable
 * ```
 */
export async function downloadData(options: DownloadDataOptions = {}): Promise<DataFileOutcome[]> {
  const datasets = options.datasets ?? DATASET_NAMES;
  for (const name of datasets) {
    if (!(DATASET_NAMES as readonly string[]).includes(name)) {
      throw new DataError(
        `Unknown data set ${name}: valid data sets are ${DATASET_NAMES.join(", ")}`,
      );
    }
  }
  const roots = options.roots ?? dataRoots();
  const files = (options.files ?? DATA_FILES).filter((f) => datasets.includes(f.dataset));
  const outcomes: DataFileOutcome[] = [];
  for (const file of files) {
    let outcome: DataFileOutcome;
    const inDataDir = roots.dataDir ? `${roots.dataDir}/${file.path}` : undefined;
    const dest = `${roots.cacheDir}/${file.path}`;
    if (inDataDir && await verifiedAt(inDataDir, file)) {
      outcome = { path: file.path, status: "data-dir", location: inDataDir };
    } else {
      try {
        const got = await downloadVerified(file, dest, options);
        outcome = {
          path: file.path,
          status: got.status === "present" ? "cached" : "downloaded",
          location: dest,
          url: got.url,
        };
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        outcome = { path: file.path, status: "failed", error: error.message };
      }
    }
    outcomes.push(outcome);
    options.onFile?.(describe(outcome));
  }
  return outcomes;
}

function describe(outcome: DataFileOutcome): string {
  switch (outcome.status) {
    case "data-dir":
      return `ok ${outcome.path}: verified copy in ANNDL_DATA_DIR (${outcome.location})`;
    case "cached":
      return `ok ${outcome.path}: verified copy in the cache (${outcome.location})`;
    case "downloaded":
      return `ok ${outcome.path}: downloaded and verified from ${outcome.url} to ${outcome.location}`;
    case "failed":
      return `failed ${outcome.path}: ${outcome.error}`;
  }
}
