/** Mean and population standard deviation used to z-score a series. */
export interface ZScore {
  /** Mean of the fitting series. */
  mean: number;
  /** Population standard deviation (divide by n, as numpy's `std`) of the fitting series. */
  std: number;
}

/**
 * Fit a z-score on a series: its mean and population standard deviation. The course z-scores the
 * Santa Fe series with the training statistics and reuses them on the test series.
 *
 * @param series At least one value, not all equal.
 * @returns The mean and population std.
 * @example
 * ```ts
 * fitZScore(Float64Array.of(1, 3)); // { mean: 2, std: 1 }
 * ```
 */
export function fitZScore(series: ArrayLike<number>): ZScore {
  const n = series.length;
  if (n < 1) throw new RangeError("Series must have at least one value: got 0");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += series[i] / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (series[i] - mean) ** 2 / n;
  const std = Math.sqrt(variance);
  if (!(std > 0)) throw new RangeError(`Series must vary to be z-scored: all ${n} values equal`);
  return { mean, std };
}

/** A series cut into sliding windows `[n, lag]` and the value after each. */
export interface SeriesWindows {
  /** Number of windows n = length − lag. */
  count: number;
  /** Window length. */
  lag: number;
  /** `[n, lag]` row-major: window i is series[i .. i+lag−1]. */
  inputs: Float32Array;
  /** `[n]`: target i is series[i+lag]. */
  targets: Float32Array;
}

/**
 * Cut a series into every window of `lag` consecutive values with the next value as target.
 *
 * @param series The series (already normalised).
 * @param lag Window length, at least 1 and below the series length.
 * @returns `length − lag` windows `[n, lag]` and targets `[n]`.
 * @example
 * ```ts
 * const w = slidingWindows(Float64Array.of(1, 2, 3, 4), 2);
 * w.inputs; // Float32Array [1, 2, 2, 3]
 * w.targets; // Float32Array [3, 4]
 * ```
 */
export function slidingWindows(series: ArrayLike<number>, lag: number): SeriesWindows {
  if (!Number.isInteger(lag) || lag < 1 || lag >= series.length) {
    throw new RangeError(
      `Lag must be an integer in [1, ${
        series.length - 1
      }] for a series of ${series.length}: got ${lag}`,
    );
  }
  const count = series.length - lag;
  const inputs = new Float32Array(count * lag);
  const targets = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < lag; j++) inputs[i * lag + j] = series[i + j];
    targets[i] = series[i + lag];
  }
  return { count, lag, inputs, targets };
}

/** One fold of a time-series split: half-open index ranges `[start, end)` of samples. */
export interface SeriesFold {
  /** Training samples `[0, trainEnd)`: the window expands fold by fold. */
  trainEnd: number;
  /** First validation sample. */
  valStart: number;
  /** One past the last validation sample. */
  valEnd: number;
}

/** Options of {@linkcode timeSeriesSplit}. */
export interface TimeSeriesSplitOptions {
  /** Number of folds, at least 1. */
  folds: number;
  /** Validation samples per fold. */
  valSize: number;
  /** Samples dropped between training and validation (the course uses the lag). @default 0 */
  gap?: number;
}

/**
 * Expanding-window time-series split as scikit-learn's `TimeSeriesSplit(n_splits, test_size, gap)`:
 * the last fold validates on the last `valSize` samples, each earlier fold `valSize` samples
 * before; a fold trains on every sample up to `gap` before its validation block.
 *
 * @param count Number of samples (windows).
 * @param options Folds, validation size, gap.
 * @returns The folds, earliest first.
 * @example
 * ```ts
 * timeSeriesSplit(10, { folds: 2, valSize: 2, gap: 1 });
 * // [{ trainEnd: 5, valStart: 6, valEnd: 8 }, { trainEnd: 7, valStart: 8, valEnd: 10 }]
 * ```
 */
export function timeSeriesSplit(count: number, options: TimeSeriesSplitOptions): SeriesFold[] {
  const { folds, valSize } = options;
  const gap = options.gap ?? 0;
  if (!Number.isInteger(folds) || folds < 1 || !Number.isInteger(valSize) || valSize < 1) {
    throw new RangeError(
      `Folds and validation size must be positive integers: got ${folds}, ${valSize}`,
    );
  }
  const firstTrainEnd = count - folds * valSize - gap;
  if (firstTrainEnd < 1) {
    throw new RangeError(
      `Too few samples for ${folds} folds of ${valSize} with gap ${gap}: need more than ` +
        `${folds * valSize + gap}, got ${count}`,
    );
  }
  return Array.from({ length: folds }, (_, k) => {
    const valStart = count - (folds - k) * valSize;
    return { trainEnd: valStart - gap, valStart, valEnd: valStart + valSize };
  });
}
