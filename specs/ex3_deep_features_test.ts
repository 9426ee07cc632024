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

// Each claim's first seed runs twice at quick scale and must measure the same; a claim whose seed
// costs over 20 s (measured on 2 cores) is left out there, and the few-second ones are
// checked at full scale too.

specClaim(stackedAeClaim);
specClaim(convOutputClaim, { rerunAt: ["quick", "full"] });
specClaim(cnnVariantsClaim, { rerunAt: [], why: "about 40 s a seed" });
specClaim(attentionClaim, { rerunAt: ["quick", "full"] });
specClaim(vitClaim, { rerunAt: [], why: "about 35 s a seed" });
