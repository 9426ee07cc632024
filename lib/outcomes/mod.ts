/**
 * The vocabulary of a claim run's outcome, shared by the claims that produce it and the records
 * that store it: scales, verdicts, bands, metric summaries, the outcome itself and the grouping of
 * band checks into statements. Types, constants and pure functions only; it imports nothing but the
 * backend's types.
 *
 * @module
 */
export * from "./scale.ts";
export * from "./verdict.ts";
export * from "./band.ts";
export * from "./metric_summary.ts";
export * from "./seed_run.ts";
export * from "./kept_row.ts";
export * from "./claim_outcome.ts";
export * from "./statements.ts";
