/**
 * A closed interval a seed-averaged metric must lie in. An ordering ("Adam beats SGD") is a band
 * on a difference metric; an exact value is a band of zero width.
 */
export interface Band {
  /** The metric name, as returned by the claim's `run` or `summarize`. */
  metric: string;
  /** Lowest passing value; absent means unbounded. */
  min?: number;
  /** Highest passing value; absent means unbounded. */
  max?: number;
  /** The key in `Claim.report` this band checks, shown side by side in the report. */
  reportKey?: string;
  /** What the band checks and where its limits come from (report value, measured spread). */
  why: string;
  /**
   * The statement of a claim of several this band checks (e.g. `attractors`, `iterations`);
   * each group gets its own verdict. Absent: the claim as a whole.
   */
  statement?: string;
}

/** A band applied to a measured value. */
export interface BandCheck extends Band {
  /** The seed-averaged value checked. */
  value: number;
  /** Whether the value lies in the band. */
  pass: boolean;
}
