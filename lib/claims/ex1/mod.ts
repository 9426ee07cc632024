/**
 * Exercise 1 — supervised learning.
 *
 * @module
 */
import { cnnOptimizersClaim } from "./cnn_optimizers.ts";
import { cnnParamsClaim } from "./cnn_params.ts";
import { earlyStoppingClaim } from "./early_stopping.ts";
import { noiseClaim } from "./noise.ts";
import { optimizersClaim } from "./optimizers.ts";
import { personalRegressionClaim } from "./personal_regression.ts";
import { widthClaim } from "./width.ts";

export {
  cnnOptimizersClaim,
  cnnParamsClaim,
  earlyStoppingClaim,
  noiseClaim,
  optimizersClaim,
  personalRegressionClaim,
  widthClaim,
};

/** The implemented claims of exercise 1. */
export const EXERCISE_1_CLAIMS = [
  noiseClaim,
  optimizersClaim,
  widthClaim,
  cnnParamsClaim,
  cnnOptimizersClaim,
  personalRegressionClaim,
  earlyStoppingClaim,
];
