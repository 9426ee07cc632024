/**
 * Exercise 3 — deep feature learning.
 *
 * @module
 */
import { convOutputClaim } from "./conv_output.ts";
import { attentionClaim } from "./attention.ts";

export { attentionClaim, convOutputClaim };

/** The implemented claims of exercise 3. */
export const EXERCISE_3_CLAIMS = [convOutputClaim, attentionClaim];
