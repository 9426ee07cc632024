/**
 * Exercise 1 — supervised learning.
 *
 * @module
 */
import { cnnParamsClaim } from "./cnn_params.ts";

export { cnnParamsClaim };

/** The implemented claims of exercise 1. */
export const EXERCISE_1_CLAIMS = [cnnParamsClaim];
