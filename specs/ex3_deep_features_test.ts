/**
 * Exercise 3 — deep feature learning: stacked autoencoders, CNNs and attention.
 *
 * @module
 */
import {
  attentionClaim,
  cnnVariantsClaim,
  convOutputClaim,
  stackedAeClaim,
  vitClaim,
} from "../lib/claims/ex3/mod.ts";
import { specClaim } from "./_spec.ts";

specClaim(stackedAeClaim);
specClaim(convOutputClaim);
specClaim(cnnVariantsClaim);
specClaim(attentionClaim);
specClaim(vitClaim);
