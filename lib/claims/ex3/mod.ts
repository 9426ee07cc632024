/**
 * Exercise 3 — deep feature learning.
 *
 * @module
 */
import { convOutputClaim } from "./conv_output.ts";
import { attentionClaim } from "./attention.ts";
import { stackedAeClaim } from "./stacked_ae.ts";
import { cnnVariantsClaim } from "./cnn_variants.ts";
import { vitClaim } from "./vit.ts";

export { attentionClaim, cnnVariantsClaim, convOutputClaim, stackedAeClaim, vitClaim };

/** The implemented claims of exercise 3. */
export const EXERCISE_3_CLAIMS = [
  stackedAeClaim,
  convOutputClaim,
  cnnVariantsClaim,
  attentionClaim,
  vitClaim,
];
