/** What one seed of an experiment measured. */
export interface SeedRun {
  /** Scalar results by name. */
  metrics: Record<string, number>;
  /** Series to plot (per epoch, per iteration, per time step) by name. */
  curves?: Record<string, number[]>;
  /** Tables for the report, as rows of named cells. */
  tables?: Record<string, Array<Record<string, number | string>>>;
  /** Images written next to the record, by name, as paths relative to the record's folder. */
  images?: Record<string, string>;
}
