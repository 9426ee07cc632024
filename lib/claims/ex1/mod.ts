/**
 * Exercise 1 — supervised learning.
 *
 * @module
 */
import { cnnParamsClaim } from "./cnn_params.ts";
import { noiseClaim } from "./noise.ts";
import { optimizersClaim } from "./optimizers.ts";

export { cnnParamsClaim, noiseClaim, optimizersClaim };

/** The implemented claims of exercise 1. */
export const EXERCISE_1_CLAIMS = [noiseClaim, optimizersClaim, cnnParamsClaim];
