import { randomState, restoreRandom } from "../backend/mod.ts";
import type { KeptRow } from "../outcomes/mod.ts";
import { threadCpuSeconds } from "../training/mod.ts";
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
  const before = keptSpent(kept);
  const [cpuStarted, started] = [threadCpuSeconds(), performance.now()];
  // Each row carries what the seed has spent so far, so a later resume can count it.
  const spent = () => ({
    ...(before.cpuSeconds === undefined
      ? {}
      : { cpuSeconds: before.cpuSeconds + threadCpuSeconds() - cpuStarted }),
    seconds: before.seconds + (performance.now() - started) / 1000,
  });
  return {
    async row<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const found = kept.get(key);
      if (found) {
        if (found.random) restoreRandom(found.random);
        return found.value as T;
      }
      const value = await compute();
      await onRow?.(key, { value, random: randomState(), ...spent() });
      return value;
    },
    saved<S>(key: string): S | undefined {
      const found = kept.get(key);
      if (!found) return undefined;
      if (found.random) restoreRandom(found.random);
      return found.value as S;
    },
    async save(key: string, state: unknown): Promise<void> {
      await onRow?.(key, { value: state, random: randomState(), ...spent() });
    },
  };
}

/** What a seed spent before its kept rows were kept. */
export interface KeptSpent {
  /** CPU seconds of the seed's training thread; undefined where a row was kept without them. */
  cpuSeconds: number | undefined;
  /** Wall seconds (those known: rows kept without them count 0). */
  seconds: number;
}

/**
 * What a seed had spent when its last row was kept, so that a resumed seed's CPU and wall time
 * count the cut runs' share too.
 *
 * @param kept The rows cut runs kept for the seed (none: nothing spent).
 * @returns Its CPU seconds (undefined when any row lacks them) and wall seconds.
 * @example
 * ```ts
 * keptSpent(new Map()); // { cpuSeconds: 0, seconds: 0 }
 * ```
 */
export function keptSpent(kept: ReadonlyMap<string, KeptRow> | undefined): KeptSpent {
  const rows = [...(kept?.values() ?? [])];
  const known = rows.every((row) => row.cpuSeconds !== undefined);
  return {
    cpuSeconds: known ? Math.max(0, ...rows.map((row) => row.cpuSeconds!)) : undefined,
    seconds: Math.max(0, ...rows.map((row) => row.seconds ?? 0)),
  };
}

/** Where a long training stands, kept through a seed's rows; see {@linkcode trainingProgress}. */
export interface TrainingProgress<S> {
  /** The state a cut run saved last, `Math.random` already put back; undefined to start afresh. */
  saved: S | undefined;
  /** Keep the state `state()` gives (called only when the run keeps checkpoints); await it. */
  save(state: () => S | Promise<S>): Promise<void>;
}

/**
 * The checkpoint of one long training inside a seed: resume from `saved` when a cut run left
 * one, and `save` the state every few epochs (weights, optimizer and random state, curves so
 * far), each save replacing the last. The state must hold everything the rest of the training
 * reads, so that a resumed seed equals an uncut one.
 *
 * @param ctx The run's context; without `ctx.rows` nothing is kept and `saved` is undefined.
 * @param key The training's name, unique within the seed.
 * @returns The saved state and the function that saves.
 * @example
 * ```ts
 * const progress = trainingProgress<{ epoch: number }>(ctx, "joint");
 * for (let epoch = (progress.saved?.epoch ?? 0) + 1; epoch <= 20; epoch++) {
 *   await progress.save(() => ({ epoch }));
 * }
 * ```
 */
export function trainingProgress<S>(ctx: RunContext, key: string): TrainingProgress<S> {
  const rows = ctx.rows;
  return {
    saved: rows?.saved<S | null>(key) ?? undefined,
    save: async (state) => {
      if (rows) await rows.save(key, await state());
    },
  };
}

/**
 * Drop a training's saved state once what it led to is kept as a row, so the checkpoint stays
 * small; unlike {@linkcode trainingProgress} it leaves `Math.random` alone.
 *
 * @param ctx The run's context.
 * @param key The training's name.
 * @returns Nothing; without `ctx.rows` there is nothing to drop.
 * @example
 * ```ts
 * const trained = await seedRow(ctx, "vit best", () => trainVit("best"));
 * await dropTrainingProgress(ctx, "vit best epochs");
 * ```
 */
export async function dropTrainingProgress(ctx: RunContext, key: string): Promise<void> {
  await ctx.rows?.save(key, null);
}
