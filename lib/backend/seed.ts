import seedrandom from "seedrandom";
import type { RandomState } from "./random_state.ts";

/**
 * Run `fn` with `Math.random` replaced by a generator seeded with `seed`.
 *
 * TF.js draws every unseeded random number (initialisers, dropout masks, `fit` shuffling) from
 * `Math.random`, so seeding it makes a whole run repeatable on one backend.
 *
 * @param seed A non-negative integer.
 * @param fn The work to run; may be async.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * const a = await withSeed(1, () => Math.random());
 * const b = await withSeed(1, () => Math.random());
 * a === b; // true
 * ```
 */
export async function withSeed<T>(seed: number, fn: () => T | Promise<T>): Promise<T> {
  if (!Number.isInteger(seed) || seed < 0) {
    throw new RangeError(`Seed must be a non-negative integer: got ${seed}`);
  }
  const original = Math.random;
  // With its state readable, so a resumed run can continue the stream where a kept row left it.
  Math.random = seedrandom.alea(`anndl-spec:${seed}`, { state: true });
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

/** A seeded uniform generator in [0, 1) whose state can be read, to continue it later. */
export interface SeededRandom {
  (): number;
  /** The generator's state: plain JSON, for {@linkcode continuedRandom}. */
  state(): RandomState;
}

/**
 * A seeded uniform generator in [0, 1), independent of `Math.random`.
 *
 * @param seed Any integer.
 * @returns A function returning the next number.
 * @example
 * ```ts
 * const next = seededRandom(7);
 * next() === seededRandom(7)(); // true
 * ```
 */
export function seededRandom(seed: number): SeededRandom {
  // seedrandom types alea's state loosely; it is the four numbers of RandomState.
  return seedrandom.alea(`anndl-spec:rng:${seed}`, { state: true }) as unknown as SeededRandom;
}

/**
 * The generator a {@linkcode SeededRandom} was when its state was read: it draws what that one
 * would have drawn next.
 *
 * @param state A state from `SeededRandom.state()`.
 * @returns A generator continuing from it.
 * @example
 * ```ts
 * const next = seededRandom(7);
 * const state = next.state();
 * continuedRandom(state)() === next(); // true
 * ```
 */
export function continuedRandom(state: RandomState): SeededRandom {
  return seedrandom.alea("", { state: { ...state } }) as unknown as SeededRandom;
}
