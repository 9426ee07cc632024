import seedrandom from "seedrandom";

/** The state of the seeded `Math.random` of `withSeed`: four numbers, plain JSON. */
export interface RandomState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * The state of `Math.random` as `withSeed` seeded it, to restore later with
 * {@linkcode restoreRandom}; undefined outside `withSeed`.
 *
 * @returns The state, or undefined when `Math.random` is not a seeded generator.
 * @example
 * ```ts
 * await withSeed(1, () => {
 *   const state = randomState()!;
 *   const a = Math.random();
 *   restoreRandom(state);
 *   Math.random() === a; // true
 * });
 * ```
 */
export function randomState(): RandomState | undefined {
  const state = (Math.random as { state?: () => RandomState }).state;
  return typeof state === "function" ? { ...state() } : undefined;
}

/**
 * Set `Math.random` to continue from a state {@linkcode randomState} took; `withSeed` puts the
 * original back when its work ends.
 *
 * @param state The state.
 * @returns Nothing.
 * @example
 * ```ts
 * restoreRandom({ c: 1, s0: 0.5, s1: 0.25, s2: 0.125 });
 * ```
 */
export function restoreRandom(state: RandomState): void {
  Math.random = seedrandom.alea("", { state: { ...state } });
}
