/**
 * Exercise 4 — generative models.
 *
 * @module
 */
import type { Claim } from "../claim.ts";

/** The implemented claims of exercise 4. */
// deno-lint-ignore no-explicit-any
export const EXERCISE_4_CLAIMS: readonly Claim<any>[] = [];
