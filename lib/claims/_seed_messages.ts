/**
 * The messages between `runSeedsInParallel` (`parallel_seeds.ts`) and its seed workers
 * (`seed_worker.ts`), apart from both so neither imports the other.
 *
 * @module
 */
import type { KeptRow } from "../outcomes/mod.ts";
import type { EpochLog, Scale, SeedRun } from "./claim.ts";

/** The first message: what to run. */
export interface SeedWorkerSetup {
  claimId: string;
  scale: Scale;
  config: Record<string, unknown>;
  backend: "wasm" | "webgpu" | "cpu";
  outDir?: string;
  /** Rows kept by a cut run, by seed, as entries; present when rows are checkpointed. */
  keptRows?: Array<[number, Array<[string, KeptRow]>]>;
}

/** A reply: one seed's run, its live-tensor change, or the error that ended it. */
export type SeedWorkerReply =
  | {
    seed: number;
    run: SeedRun;
    tensorsLeaked: number;
    /** CPU seconds of the worker's thread on the seed. */
    cpuSeconds?: number;
  }
  | {
    seed: number;
    error: { name: string; message: string; stack?: string };
    /** Live tensors the seed left when it failed (a diverged seed's run still counts its leaks). */
    tensorsLeaked?: number;
    cpuSeconds?: number;
  }
  | { seed: number; epoch: EpochLog }
  | { seed: number; row: { key: string; kept: KeptRow } };
