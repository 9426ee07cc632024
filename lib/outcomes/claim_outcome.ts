import type { BackendInfo } from "../backend/mod.ts";
import type { BandCheck } from "./band.ts";
import type { MetricSummary } from "./metric_summary.ts";
import type { Scale } from "./scale.ts";
import type { Verdict } from "./verdict.ts";

/** A seed whose training diverged: it has no metrics, and the claim's other seeds still ran. */
export interface DivergedSeed {
  seed: number;
  /** What diverged, and when: `optim3 width 500 diverged at epoch 5`. */
  message: string;
}

/** Everything one claim run measured, before it becomes a record. */
export interface ClaimOutcome {
  claim: string;
  section: string;
  statement: string;
  scale: Scale;
  verdict: Verdict;
  /** Why the verdict is not `reproduced`: failing bands, the spec's reason, or a divergence. */
  reason?: string;
  /** The verdict the claim's spec expects at this scale. */
  expected: Verdict;
  metrics: Record<string, MetricSummary>;
  report: Record<string, number | string>;
  bands: BandCheck[];
  guards: BandCheck[];
  seeds: number[];
  backend: BackendInfo;
  config: Record<string, unknown>;
  wallSeconds: number;
  /** CPU seconds of the threads that trained the seeds, summed; absent when a seed lacks it. */
  cpuSeconds?: number;
  /** Curves per name, one series per seed in seed order. */
  curves: Record<string, number[][]>;
  /** Tables of the first seed. */
  tables: Record<string, Array<Record<string, number | string>>>;
  /** Images of the first seed, as paths relative to the record. */
  images: Record<string, string>;
  /** Live tensors after the run minus before; anything but 0 is a leak. */
  tensorsLeaked: number;
  /**
   * Seeds whose training diverged, in seed order; the metrics and curves hold the other seeds
   * only, in seed order. Absent when none did.
   */
  diverged?: DivergedSeed[];
}

/**
 * The verdict's reason when seeds diverged: which, and how, in seed order.
 *
 * @param diverged The diverged seeds.
 * @returns The reason, or undefined when none diverged.
 * @example
 * ```ts
 * divergenceReason([{ seed: 1, message: "m diverged at epoch 5" }, { seed: 3, message: "m diverged at epoch 5" }]);
 * // "Seeds 1, 3: m diverged at epoch 5"
 * ```
 */
export function divergenceReason(diverged: readonly DivergedSeed[]): string | undefined {
  if (diverged.length === 0) return undefined;
  const byMessage = new Map<string, number[]>();
  for (const { seed, message } of diverged) {
    byMessage.set(message, [...(byMessage.get(message) ?? []), seed]);
  }
  return [...byMessage].map(([message, seeds]) =>
    `Seed${seeds.length > 1 ? "s" : ""} ${seeds.join(", ")}: ${message}`
  ).join("; ");
}
