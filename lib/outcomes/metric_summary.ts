/** Mean, spread and per-seed values of one metric. */
export interface MetricSummary {
  mean: number;
  /** Sample standard deviation over seeds; 0 for one seed. */
  std: number;
  min: number;
  max: number;
  /** One value per seed, in seed order; a cross-seed metric has one value. */
  values: number[];
}
