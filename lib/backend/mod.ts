/**
 * Backend choice, seeding and version stamps.
 *
 * @module
 */
export * from "./backend.ts";
export * from "./seed.ts";
export * from "./versions.ts";
