/**
 * Exercise 1 — supervised learning: function approximation, optimizers, the MNIST CNN and the
 * personal regression.
 *
 * @module
 */
import {
  cnnOptimizersClaim,
  cnnParamsClaim,
  earlyStoppingClaim,
  noiseClaim,
  optimizersClaim,
  personalRegressionClaim,
  widthClaim,
} from "../lib/claims/ex1/mod.ts";
import { specClaim } from "./_spec.ts";

// Each claim's first seed runs twice at quick scale and must measure the same; a claim whose seed
// costs over 20 s (measured on 2 cores) is left out there, and the few-second ones are
// checked at full scale too.

specClaim(noiseClaim);
specClaim(optimizersClaim);
specClaim(widthClaim, { rerunAt: [], why: "about 25 s a seed" });
specClaim(cnnParamsClaim, { rerunAt: ["quick", "full"] });
specClaim(cnnOptimizersClaim, { rerunAt: [], why: "about 90 s a seed" });
specClaim(personalRegressionClaim, { rerunAt: ["quick", "full"] });
specClaim(earlyStoppingClaim, { rerunAt: ["quick", "full"] });
