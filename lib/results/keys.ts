/**
 * The keys of a result record, in the order they are written. One place names them, so the
 * writer, the report and `compare` cannot drift apart.
 *
 * @module
 */

/** The schema version written into every record. */
export const RECORD_SCHEMA = 1;

/** Record keys in write order. */
export const RECORD_KEYS = [
  "schema",
  "claim",
  "section",
  "statement",
  "scale",
  "verdict",
  "reason",
  "expected",
  "metrics",
  "report",
  "bands",
  "guards",
  "statements",
  "seeds",
  "diverged",
  "backend",
  "versions",
  "config",
  "wallSeconds",
  "cpuSeconds",
  "tensorsLeaked",
  "finishedAt",
  "curves",
  "tables",
  "images",
  "peer",
] as const;

/**
 * Keys a record may lack: `statements` (records written before per-statement verdicts),
 * `diverged` (written only when a seed's training diverged), `cpuSeconds` (records written
 * before it was measured, or resumed from such seeds) and `peer` (written only by
 * `deno task crosscheck`). When present they are written in their place above.
 */
export const OPTIONAL_RECORD_KEYS: readonly RecordKey[] = [
  "statements",
  "diverged",
  "cpuSeconds",
  "peer",
];

/** A record key. */
export type RecordKey = typeof RECORD_KEYS[number];
