import seedrandom from "seedrandom";

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
export function seededRandom(seed: number): () => number {
  return seedrandom.alea(`anndl-spec:rng:${seed}`);
}
