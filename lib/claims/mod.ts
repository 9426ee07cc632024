/**
 * Claims as data: the catalogue of claims.md, the implemented claims, bands and the seed runner.
 *
 * @module
 */
export * from "./claim.ts";
export * from "./bands.ts";
export * from "../outcomes/statements.ts";
export * from "./catalogue.ts";
export * from "./run_claim.ts";
export * from "./run_seed.ts";
export * from "./seed_rows.ts";
export * from "./registry.ts";
export * from "./rejudge.ts";
export * from "./code_version.ts";
