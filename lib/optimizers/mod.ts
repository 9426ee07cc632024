/**
 * Optimizers TF.js lacks (L-BFGS), TF.js's Adam in one kernel call a step (`FusedAdam`) and the
 * optimizer settings of the report's experiments.
 *
 * @module
 */
export * from "./lbfgs.ts";
export * from "./variables_problem.ts";
export * from "./optimizer_spec.ts";
export * from "./adadelta.ts";
export * from "./fused_adam.ts";
