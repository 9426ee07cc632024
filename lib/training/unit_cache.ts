import { join } from "node:path";

/** The variable that turns the unit cache on: a folder path. */
export const UNIT_CACHE_ENV = "ANNDL_UNIT_CACHE";

/**
 * Run one independent unit of a long experiment (one optimizer of a table, one configuration of
 * a grid) or, when `$ANNDL_UNIT_CACHE` names a folder, reuse the result a run with the same key
 * stored there. Units of a full-scale table can so be trained in separate processes (or resumed
 * after an interruption) and assembled by one final run. Off by default: specs never cache.
 *
 * @param key Everything the result depends on: claim, unit, seed, backend and config fields.
 * @param compute Trains the unit; its result must be plain JSON (numbers, arrays, records).
 * @returns The computed or cached result.
 * @example
 * ```ts
 * const scores = await cachedUnit({ claim: "1.3.6-cnn-optimizers", unit: "adam", seed: 0 }, train);
 * ```
 */
export async function cachedUnit<T>(
  key: Record<string, unknown>,
  compute: () => Promise<T>,
): Promise<T> {
  const dir = Deno.env.get(UNIT_CACHE_ENV);
  if (!dir) return await compute();
  const text = JSON.stringify(key);
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  const name = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const path = join(dir, `${name}.json`);
  try {
    const stored = JSON.parse(await Deno.readTextFile(path));
    if (JSON.stringify(stored.key) === text) return stored.value as T;
  } catch {
    // Not cached yet (or unreadable): compute it.
  }
  const value = await compute();
  await Deno.mkdir(dir, { recursive: true });
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, JSON.stringify({ key, value }));
  await Deno.rename(temporary, path);
  return value;
}
