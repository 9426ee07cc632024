import { basename, join, resolve } from "node:path";
import type { Scale } from "../outcomes/mod.ts";
import { writeTextAtomic } from "./_atomic.ts";
import { OPTIONAL_RECORD_KEYS, RECORD_KEYS } from "./keys.ts";
import { carryPeer } from "./peer.ts";
import type { ResultRecord } from "./record.ts";

/** Raised for a record that cannot be written or read. */
export class RecordError extends Error {
  override name = "RecordError";
}

// A claim id is a section number and kebab-case words; nothing else may become a file name.
const CLAIM_ID = /^[0-9]+(\.[0-9]+)*-[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The path of a claim's record: `<dir>/<scale>/<claim-id>.json`.
 *
 * @param dir The results folder.
 * @param scale The scale.
 * @param claimId The claim id; anything that is not an id is refused.
 * @returns The path.
 * @example
 * ```ts
 * recordPath("results", "quick", "3.3-attention"); // "results/quick/3.3-attention.json"
 * ```
 */
export function recordPath(dir: string, scale: Scale, claimId: string): string {
  if (!CLAIM_ID.test(claimId)) {
    throw new RecordError(
      `Invalid claim id ${JSON.stringify(claimId)}: expected e.g. 1.3.5-cnn-params`,
    );
  }
  if (scale !== "quick" && scale !== "full") {
    throw new RecordError(`Invalid scale ${JSON.stringify(scale)}: expected quick or full`);
  }
  return join(dir, scale, `${claimId}.json`);
}

/**
 * Write a record atomically (temporary file, then rename), so a reader never sees half a file.
 * A record without a `peer` keeps the peer of the record it replaces when that one measured the
 * same config at the same scale on the same seeds ({@linkcode carryPeer}): a re-run does not
 * drop what `deno task crosscheck` measured.
 *
 * @param dir The results folder.
 * @param record The record.
 * @returns The path written.
 * @example
 * ```ts
 * await writeRecord("results", record);
 * ```
 */
export async function writeRecord(dir: string, record: ResultRecord): Promise<string> {
  const path = recordPath(dir, record.scale, record.claim);
  await Deno.mkdir(join(dir, record.scale), { recursive: true });
  if (!record.peer) record = carryPeer(await readIfThere(path), record);
  await writeTextAtomic(path, JSON.stringify(inKeyOrder(record), null, 2) + "\n");
  return path;
}

/**
 * The record of a claim at a scale, or undefined when there is none or it cannot be read.
 *
 * @param dir The results folder.
 * @param scale The scale.
 * @param claimId The claim id.
 * @returns The record on disk, if any.
 * @example
 * ```ts
 * const held = await readRecord("results", "quick", "3.3-attention");
 * ```
 */
export function readRecord(
  dir: string,
  scale: Scale,
  claimId: string,
): Promise<ResultRecord | undefined> {
  return readIfThere(recordPath(dir, scale, claimId));
}

async function readIfThere(path: string): Promise<ResultRecord | undefined> {
  try {
    return parseRecord(await Deno.readTextFile(path), path);
  } catch {
    return undefined;
  }
}

/** The record's keys in the order of {@linkcode RECORD_KEYS}, whatever order it was built in. */
function inKeyOrder(record: ResultRecord): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of RECORD_KEYS) ordered[key] = record[key];
  return ordered;
}

/** A record file that could not be read, with the reason. */
export interface UnreadableRecord {
  path: string;
  error: string;
}

/**
 * Read every record under `<dir>/quick` and `<dir>/full`; malformed files are reported, not thrown.
 *
 * @param dir The results folder.
 * @returns The records and the files that could not be read.
 * @example
 * ```ts
 * const { records, unreadable } = await readRecords("results");
 * ```
 */
export async function readRecords(
  dir: string,
): Promise<{ records: ResultRecord[]; unreadable: UnreadableRecord[] }> {
  const records: ResultRecord[] = [];
  const unreadable: UnreadableRecord[] = [];
  for (const scale of ["quick", "full"] as const) {
    const folder = resolve(dir, scale);
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(folder)];
    } catch {
      continue;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isFile || !entry.name.endsWith(".json")) continue;
      const path = join(folder, entry.name);
      try {
        records.push(parseRecord(await Deno.readTextFile(path), basename(path)));
      } catch (error) {
        unreadable.push({ path, error: (error as Error).message });
      }
    }
  }
  return { records, unreadable };
}

/**
 * Parse and validate one record's JSON text.
 *
 * @param text The file's text.
 * @param name The file name, for error messages.
 * @returns The record.
 * @example
 * ```ts
 * parseRecord(await Deno.readTextFile(path), "3.3-attention.json");
 * ```
 */
export function parseRecord(text: string, name: string): ResultRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RecordError(`Record ${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new RecordError(`Record ${name} is not a JSON object`);
  }
  const missing = RECORD_KEYS.filter((key) =>
    !(key in value) && !OPTIONAL_RECORD_KEYS.includes(key)
  );
  if (missing.length > 0) {
    throw new RecordError(`Record ${name} lacks keys: ${missing.join(", ")}`);
  }
  return value as ResultRecord;
}
