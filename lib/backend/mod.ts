/**
 * Backend choice, seeding, memory checks and version stamps.
 *
 * @module
 */
export * from "./backend.ts";
export * from "./seed.ts";
export * from "./random_state.ts";
export * from "./memory.ts";
export * from "./versions.ts";
