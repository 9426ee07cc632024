/**
 * Checkpoints of a cut run: each finished seed of a claim run is kept under
 * `<dir>/<scale>/.partial/<claim-id>/seed-<n>.json`, so `run --resume` skips the seeds a killed or
 * stopped run already measured. A seed is reused only by a run of the same config, backend and
 * code version, so a resumed run's record equals an uncut run's. A seed made of rows (`seedRow`)
 * also keeps its finished rows in `seed-<n>.rows.json`, so a seed cut mid-way resumes at its next
 * row, and a long training inside a seed resumes at its last saved state (`trainingProgress`).
 * Written atomically like records; the finished record removes the folder.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { join } from "node:path";
import type { KeptRow, Scale, SeedRun } from "../outcomes/mod.ts";
import { writeTextAtomic } from "./_atomic.ts";
import { recordPath } from "./io.ts";

/** The schema version written into every checkpoint. */
export const CHECKPOINT_SCHEMA = 1;

/** What decides whether a kept seed may stand in for a new run of it. */
export interface CheckpointKey {
  claim: string;
  scale: Scale;
  /** The run's whole config, overrides included. */
  config: Record<string, unknown>;
  /** The backend's name (`wasm`, `webgpu`, `cpu`): seeds are equal on one backend only. */
  backend: string;
  /** The claim's code version (`versions.code` of its record). */
  code: string;
}

/** One finished seed of a claim run. */
export interface SeedCheckpoint extends CheckpointKey {
  schema: number;
  seed: number;
  /** What the seed measured; absent when its training diverged. */
  run?: SeedRun;
  /** The divergence that ended the seed, instead of a run. */
  diverged?: string;
  /** Wall seconds the seed took. */
  seconds: number;
  /** CPU seconds of the thread that trained it; absent in older checkpoints. */
  cpuSeconds?: number;
  /** Live tensors the seed left. */
  tensorsLeaked: number;
  /** ISO 8601 time the seed finished. */
  finishedAt: string;
}

/** The seeds a resumed run may reuse, and the files it may not, with the reason. */
export interface KeptSeeds {
  seeds: Map<number, SeedCheckpoint>;
  ignored: Array<{ path: string; reason: string }>;
}

/**
 * The checkpoint folder of a claim: `<dir>/<scale>/.partial/<claim-id>`.
 *
 * @param dir The results folder.
 * @param scale The scale.
 * @param claimId The claim id; anything that is not an id is refused.
 * @returns The path.
 * @example
 * ```ts
 * checkpointDir("results", "full", "4.3-vae"); // "results/full/.partial/4.3-vae"
 * ```
 */
export function checkpointDir(dir: string, scale: Scale, claimId: string): string {
  recordPath(dir, scale, claimId); // validates the id and the scale
  return join(dir, scale, ".partial", claimId);
}

/**
 * Keep one finished seed, atomically.
 *
 * @param dir The results folder.
 * @param checkpoint The seed's run and the key it was run under.
 * @returns The path written.
 * @example
 * ```ts
 * await writeSeedCheckpoint("results", { ...key, schema: 1, seed: 0, run, seconds: 12, tensorsLeaked: 0, finishedAt });
 * ```
 */
export async function writeSeedCheckpoint(
  dir: string,
  checkpoint: SeedCheckpoint,
): Promise<string> {
  const folder = checkpointDir(dir, checkpoint.scale, checkpoint.claim);
  await Deno.mkdir(folder, { recursive: true });
  const path = join(folder, `seed-${checkpoint.seed}.json`);
  await writeTextAtomic(path, JSON.stringify(checkpoint, keepNumbers, 2) + "\n");
  return path;
}

/**
 * Read the kept seeds of a claim that match a run's key; the others are listed with why.
 *
 * @param dir The results folder.
 * @param key The claim, scale, config, backend and code version of the run to resume.
 * @returns The matching seeds by seed, and the files left aside.
 * @example
 * ```ts
 * const { seeds } = await readSeedCheckpoints("results", key);
 * seeds.has(0); // true when seed 0 of the same run was kept
 * ```
 */
export async function readSeedCheckpoints(dir: string, key: CheckpointKey): Promise<KeptSeeds> {
  const folder = checkpointDir(dir, key.scale, key.claim);
  const kept: KeptSeeds = { seeds: new Map(), ignored: [] };
  let names: string[];
  try {
    names = [...Deno.readDirSync(folder)].filter((e) => e.isFile).map((e) => e.name).sort();
  } catch {
    return kept;
  }
  for (const name of names) {
    if (!/^seed-[0-9]+\.json$/.test(name)) continue; // temporary files of a cut write
    const path = join(folder, name);
    try {
      const checkpoint = JSON.parse(await Deno.readTextFile(path), reviveNumbers) as SeedCheckpoint;
      const differs = mismatch(checkpoint, key);
      if (differs) kept.ignored.push({ path, reason: differs });
      else kept.seeds.set(checkpoint.seed, checkpoint);
    } catch (error) {
      kept.ignored.push({ path, reason: `unreadable: ${(error as Error).message}` });
    }
  }
  return kept;
}

/** The finished rows of one unfinished seed. */
export interface SeedRowsCheckpoint extends CheckpointKey {
  schema: number;
  seed: number;
  /** Rows by key, in the order they finished. */
  rows: Record<string, KeptRow>;
}

/**
 * Keep the finished rows of one seed, atomically (the whole file each time a row finishes).
 *
 * @param dir The results folder.
 * @param checkpoint The key, the seed and its rows so far.
 * @returns The path written.
 * @example
 * ```ts
 * await writeSeedRows("results", { ...key, schema: 1, seed: 0, rows: { adam: row } });
 * ```
 */
export async function writeSeedRows(dir: string, checkpoint: SeedRowsCheckpoint): Promise<string> {
  const folder = checkpointDir(dir, checkpoint.scale, checkpoint.claim);
  await Deno.mkdir(folder, { recursive: true });
  const path = join(folder, `seed-${checkpoint.seed}.rows.json`);
  await writeTextAtomic(path, JSON.stringify(checkpoint, keepNumbers, 2) + "\n");
  return path;
}

/**
 * Read the kept rows of a claim's unfinished seeds that match a run's key.
 *
 * @param dir The results folder.
 * @param key The claim, scale, config, backend and code version of the run to resume.
 * @returns Rows by seed, then by row key; files of another key are left aside.
 * @example
 * ```ts
 * (await readSeedRows("results", key)).get(1)?.has("adam"); // true when seed 1 kept its Adam row
 * ```
 */
export async function readSeedRows(
  dir: string,
  key: CheckpointKey,
): Promise<Map<number, Map<string, KeptRow>>> {
  const folder = checkpointDir(dir, key.scale, key.claim);
  const rows = new Map<number, Map<string, KeptRow>>();
  let names: string[];
  try {
    names = [...Deno.readDirSync(folder)].filter((e) => e.isFile).map((e) => e.name).sort();
  } catch {
    return rows;
  }
  for (const name of names.filter((n) => /^seed-[0-9]+\.rows\.json$/.test(n))) {
    try {
      const text = await Deno.readTextFile(join(folder, name));
      const checkpoint = JSON.parse(text, reviveNumbers) as SeedRowsCheckpoint;
      if (mismatch(checkpoint, key)) continue;
      rows.set(checkpoint.seed, new Map(Object.entries(checkpoint.rows)));
    } catch {
      continue; // an unreadable rows file only means the seed starts again
    }
  }
  return rows;
}

/**
 * Remove a seed's rows file once the seed is kept whole: its training states can be large.
 *
 * @param dir The results folder.
 * @param scale The scale.
 * @param claimId The claim id.
 * @param seed The finished seed.
 * @returns Nothing; a missing file is fine.
 * @example
 * ```ts
 * await removeSeedRows("results", "full", "4.3-vae", 0);
 * ```
 */
export async function removeSeedRows(
  dir: string,
  scale: Scale,
  claimId: string,
  seed: number,
): Promise<void> {
  const path = join(checkpointDir(dir, scale, claimId), `seed-${seed}.rows.json`);
  await Deno.remove(path).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}

/**
 * Remove a claim's checkpoint folder, once its record is written or a new run starts afresh.
 *
 * @param dir The results folder.
 * @param scale The scale.
 * @param claimId The claim id.
 * @returns Nothing; a missing folder is fine.
 * @example
 * ```ts
 * await removeCheckpoint("results", "full", "4.3-vae");
 * ```
 */
export async function removeCheckpoint(dir: string, scale: Scale, claimId: string): Promise<void> {
  await Deno.remove(checkpointDir(dir, scale, claimId), { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
}

function mismatch(
  checkpoint: CheckpointKey & { schema: number },
  key: CheckpointKey,
): string | undefined {
  if (checkpoint.schema !== CHECKPOINT_SCHEMA) return `schema ${checkpoint.schema}`;
  if (checkpoint.claim !== key.claim || checkpoint.scale !== key.scale) {
    return `of ${checkpoint.claim} ${checkpoint.scale}`;
  }
  if (checkpoint.backend !== key.backend) return `run on ${checkpoint.backend}, not ${key.backend}`;
  if (checkpoint.code !== key.code) return `code ${checkpoint.code}, not ${key.code}`;
  if (JSON.stringify(checkpoint.config) !== JSON.stringify(key.config)) return "another config";
  return undefined;
}

// JSON has no NaN, ±Infinity or -0, and no typed arrays: a diverged seed's metrics and a saved
// training's weights must come back as they were. A Float32Array or Uint8Array is kept as its
// bytes in base64.
const NUMBER_TAG = "$number";
const FLOAT32_TAG = "$float32";
const UINT8_TAG = "$uint8";

function keepNumbers(_key: string, value: unknown): unknown {
  if (value instanceof Float32Array || value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { [value instanceof Float32Array ? FLOAT32_TAG : UINT8_TAG]: bytes.toString("base64") };
  }
  if (typeof value !== "number") return value;
  if (Number.isFinite(value) && !Object.is(value, -0)) return value;
  return { [NUMBER_TAG]: Object.is(value, -0) ? "-0" : String(value) };
}

function reviveNumbers(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Object.keys(value).length !== 1) return value;
  if (NUMBER_TAG in value) return Number((value as Record<string, string>)[NUMBER_TAG]);
  if (FLOAT32_TAG in value) {
    const bytes = Buffer.from((value as Record<string, string>)[FLOAT32_TAG], "base64");
    // Copied into its own buffer: Buffer's pool need not be 4-byte aligned.
    return new Float32Array(new Uint8Array(bytes).buffer);
  }
  if (UINT8_TAG in value) {
    return new Uint8Array(Buffer.from((value as Record<string, string>)[UINT8_TAG], "base64"));
  }
  return value;
}
