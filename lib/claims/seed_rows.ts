import { randomState, restoreRandom } from "../backend/mod.ts";
import type { KeptRow } from "../outcomes/mod.ts";
import type { RunContext, SeedRows } from "./claim.ts";

/**
 * Run one row of a seed (one optimizer, one grid cell) through the seed's row checkpoint: a row a
 * cut run kept is not computed again, and `Math.random` continues from where it left off, so the
 * rows after it draw what an uncut run draws. Rows must not depend on each other's models.
 *
 * @param ctx The run's context; without `ctx.rows` the row is just computed.
 * @param key The row's name, unique within the seed.
 * @param compute Computes the row; its value must be plain JSON data.
 * @returns The row's value.
 * @example
 * ```ts
 * const row = await seedRow(ctx, "adam", () => trainWith("adam"));
 * ```
 */
export function seedRow<T>(ctx: RunContext, key: string, compute: () => Promise<T>): Promise<T> {
  return ctx.rows ? ctx.rows.row(key, compute) : compute();
}

/**
 * The row store of one seed: serves kept rows and reports each newly computed one.
 *
 * @param kept The rows a cut run kept for this seed.
 * @param onRow Called with each row computed, before the seed goes on; await it to checkpoint.
 * @returns The store to put in `RunContext.rows`.
 * @example
 * ```ts
 * const rows = seedRows(new Map(), (key, row) => writeRow(key, row));
 * ```
 */
export function seedRows(
  kept: ReadonlyMap<string, KeptRow>,
  onRow?: (key: string, row: KeptRow) => void | Promise<void>,
): SeedRows {
  return {
    async row<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const found = kept.get(key);
      if (found) {
        if (found.random) restoreRandom(found.random);
        return found.value as T;
      }
      const value = await compute();
      await onRow?.(key, { value, random: randomState() });
      return value;
    },
  };
}
