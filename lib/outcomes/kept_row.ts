import type { RandomState } from "../backend/mod.ts";

/**
 * One row of a seed's run (a grid cell, a table row, one optimizer's training) as a checkpoint
 * keeps it: the row's value, plain JSON data, and the state `Math.random` was in after it, so a
 * resumed run continues the seed's random stream where the row left it.
 */
export interface KeptRow {
  value: unknown;
  /** Absent when the row ran outside a seeded `Math.random`. */
  random?: RandomState;
  /**
   * CPU seconds of the seed's training thread up to this row, the rows of earlier cut runs
   * included; absent where any of those was kept without it.
   */
  cpuSeconds?: number;
  /** Wall seconds of the seed up to this row, counted the same way (those known). */
  seconds?: number;
}
