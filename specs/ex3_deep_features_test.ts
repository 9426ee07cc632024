/**
 * Exercise 3 — deep feature learning: stacked autoencoders, CNNs and attention.
 *
 * @module
 */
import { convOutputClaim } from "../lib/claims/ex3/conv_output.ts";
import { attentionClaim } from "../lib/claims/ex3/attention.ts";
import { specClaim } from "./_spec.ts";

specClaim(convOutputClaim);
specClaim(attentionClaim);
