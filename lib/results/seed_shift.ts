import { errorFunction, median } from "simple-statistics";
import type { ResultRecord } from "./record.ts";

/** A two-sided rank-sum (Mann-Whitney) test of two samples. */
export interface RankSumTest {
  /** Mann-Whitney U of the first sample. */
  u: number;
  /** Two-sided p-value of the normal approximation, with continuity correction. */
  p: number;
}

/**
 * The two-sided Mann-Whitney rank-sum test: do the two samples come from one distribution? Rank
 * based, so one diverged seed (an MSE of 10⁵ among 10³s) weighs as much as any other seed.
 *
 * Uses the normal approximation with continuity correction, ties by mid-ranks and the variance
 * corrected for them, as SciPy's `mannwhitneyu(method="asymptotic")`; at five values against five
 * or eight its p-value is within 0.02 of the exact test's (SciPy, every split without ties).
 *
 * @param x First sample.
 * @param y Second sample.
 * @returns U of `x` and the p-value.
 * @example
 * ```ts
 * rankSumTest([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).p; // 0.012
 * ```
 */
export function rankSumTest(x: readonly number[], y: readonly number[]): RankSumTest {
  if (x.length === 0 || y.length === 0) throw new RangeError("rankSumTest needs two samples");
  const [n, m] = [x.length, y.length];
  const { ranks, ties } = midRanks([...x, ...y]);
  const u = ranks.slice(0, n).reduce((sum, r) => sum + r, 0) - n * (n + 1) / 2;
  const total = n + m;
  const sd = Math.sqrt(n * m / 12 * (total + 1 - ties / (total * (total - 1))));
  if (sd === 0) return { u, p: 1 }; // every value equal
  const z = Math.max(0, Math.abs(u - n * m / 2) - 0.5) / sd;
  return { u, p: Math.min(1, 1 - errorFunction(z / Math.SQRT2)) };
}

/** One metric measured per seed by the suite and by its twin, and whether the two differ. */
export interface SeedShift {
  metric: string;
  /** The suite's per-seed values' median, and the twin's. */
  suiteMedian: number;
  twinMedian: number;
  /** Seeds per side. */
  suiteSeeds: number;
  twinSeeds: number;
  /** Two-sided rank-sum p-value of the suite's seeds against the twin's. */
  p: number;
}

/** The fewest seeds a side for {@linkcode seedShifts} to test a metric. */
export const MIN_SEEDS_FOR_SHIFT = 5;

/**
 * The metrics that both the suite and its twin measured once per seed, each with a rank-sum test
 * of the two frameworks' seeds: whether the frameworks' numbers differ, or only the verdicts drawn
 * from them. Metrics summed over the seeds (one value) are left out.
 *
 * @param record A record with a twin.
 * @param minSeeds The fewest seeds a side to test a metric.
 * @returns One entry per such metric, in the record's order; none without a twin.
 * @example
 * ```ts
 * seedShifts(record); // [{ metric: "lstmMse", suiteMedian: 3629, twinMedian: 3359, p: 0.52, … }]
 * ```
 */
export function seedShifts(
  record: ResultRecord,
  minSeeds: number = MIN_SEEDS_FOR_SHIFT,
): SeedShift[] {
  const peer = record.peer;
  if (!peer) return [];
  const shifts: SeedShift[] = [];
  for (const [metric, summary] of Object.entries(record.metrics)) {
    const twin = peer.metrics[metric];
    if (!twin) continue;
    const suite = finite(summary.values);
    const other = finite(twin.values);
    const perSeed = summary.values.length === record.seeds.length &&
      twin.values.length === peer.seeds.length;
    if (!perSeed || suite.length < minSeeds || other.length < minSeeds) continue;
    shifts.push({
      metric,
      suiteMedian: median(suite),
      twinMedian: median(other),
      suiteSeeds: suite.length,
      twinSeeds: other.length,
      p: rankSumTest(suite, other).p,
    });
  }
  return shifts;
}

/**
 * What the per-seed tests say of a suite and a twin whose verdicts differ, in words.
 *
 * @param record A record with a twin.
 * @param alpha The p-value below which a metric counts as differing.
 * @returns e.g. `per seed, no metric differs between the frameworks (lstmMse p = 0.52, …; 10
 *   and 10 seeds): the verdicts part within seed noise`; empty without testable metrics.
 * @example
 * ```ts
 * seedShiftText(record); // "per seed, lstmMse differs between the frameworks (p = 0.003) …"
 * ```
 */
export function seedShiftText(record: ResultRecord, alpha = 0.05): string {
  const shifts = seedShifts(record);
  if (shifts.length === 0) return "";
  const seeds = `${shifts[0].suiteSeeds} and ${shifts[0].twinSeeds} seeds`;
  const list = (items: SeedShift[]) =>
    items.map((s) => `${s.metric} p = ${s.p.toFixed(2)}`).join(", ");
  const differing = shifts.filter((s) => s.p < alpha);
  if (differing.length === 0) {
    return `per seed, no metric differs between the frameworks (rank-sum ${
      list(shifts)
    }; ${seeds}): the verdicts part within seed noise`;
  }
  return `per seed, ${differing.length} of ${shifts.length} metrics differ between the frameworks ` +
    `(rank-sum ${list(differing)}; ${seeds})`;
}

// Ranks from 1, equal values sharing their mean rank, and Σ (t³ − t) over the groups of t equal
// values for the variance. (simple-statistics 7.8's wilcoxonRankSum mis-ranks a second group of
// ties: [1, 2, 3] against [1, 2, 3] gives 11.5, not 10.5.)
function midRanks(values: number[]): { ranks: number[]; ties: number } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let ties = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    for (let k = start; k < end; k++) ranks[order[k]] = (start + end + 1) / 2;
    ties += (end - start) ** 3 - (end - start);
    start = end;
  }
  return { ranks, ties };
}

function finite(values: readonly number[]): number[] {
  return values.filter(Number.isFinite);
}
