/**
 * Exercise 2 — recurrent networks.
 *
 * @module
 */
import type { Claim } from "../claim.ts";

/** The implemented claims of exercise 2. */
// deno-lint-ignore no-explicit-any
export const EXERCISE_2_CLAIMS: readonly Claim<any>[] = [];
