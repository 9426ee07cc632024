/** The verdicts a run can reach. */
export const VERDICTS = ["reproduced", "not-reproduced", "skipped"] as const;

/** A run's verdict. */
export type Verdict = typeof VERDICTS[number];
