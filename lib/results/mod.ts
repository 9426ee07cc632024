/**
 * Result records: key constants, the record schema, atomic JSON writes and tolerant reads.
 *
 * @module
 */
export * from "./keys.ts";
export * from "./record.ts";
export * from "./io.ts";
export * from "./checkpoint.ts";
export * from "./peer.ts";
export * from "./seed_shift.ts";
