import type { BackendInfo } from "../backend/mod.ts";
import type { BandCheck } from "./band.ts";
import type { MetricSummary } from "./metric_summary.ts";
import type { Scale } from "./scale.ts";
import type { Verdict } from "./verdict.ts";

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
  /** Curves per name, one series per seed in seed order. */
  curves: Record<string, number[][]>;
  /** Tables of the first seed. */
  tables: Record<string, Array<Record<string, number | string>>>;
  /** Images of the first seed, as paths relative to the record. */
  images: Record<string, string>;
  /** Live tensors after the run minus before; anything but 0 is a leak. */
  tensorsLeaked: number;
}
