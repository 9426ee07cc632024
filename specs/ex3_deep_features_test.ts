/**
 * Exercise 3 — deep feature learning: stacked autoencoders, CNNs and attention.
 *
 * @module
 */
import { attentionClaim, convOutputClaim } from "../lib/claims/ex3/mod.ts";
import { specClaim } from "./_spec.ts";

specClaim(convOutputClaim);
specClaim(attentionClaim);
