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

specClaim(noiseClaim);
specClaim(optimizersClaim);
specClaim(widthClaim);
specClaim(cnnParamsClaim);
specClaim(cnnOptimizersClaim);
specClaim(personalRegressionClaim);
specClaim(earlyStoppingClaim);
