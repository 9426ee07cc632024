/**
 * Fit loops, early stopping and evaluation.
 *
 * @module
 */
export * from "./fit.ts";
