/**
 * A worker that runs seeds of one claim, for `runSeedsInParallel` (`parallel_seeds.ts`): each message names a
 * seed, each reply carries that seed's run or its error. The worker starts its own backend, so
 * its numbers are those a sequential run on that backend gives.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { findClaim } from "./registry.ts";
import { runSeed } from "./run_claim.ts";
import type { EpochLog, Scale, SeedRun } from "./claim.ts";

/** The first message: what to run. */
export interface SeedWorkerSetup {
  claimId: string;
  scale: Scale;
  config: Record<string, unknown>;
  backend: "wasm" | "webgpu" | "cpu";
  outDir?: string;
}

/** A reply: one seed's run, its live-tensor change, or the error that ended it. */
export type SeedWorkerReply =
  | { seed: number; run: SeedRun; tensorsLeaked: number }
  | { seed: number; error: { name: string; message: string; stack?: string } }
  | { seed: number; epoch: EpochLog };

let setup: SeedWorkerSetup | undefined;

self.onmessage = async (event: MessageEvent<SeedWorkerSetup | { seed: number }>) => {
  if (!("seed" in event.data)) {
    setup = event.data;
    return;
  }
  const { seed } = event.data;
  try {
    const { claimId, scale, config, backend, outDir } = setup!;
    const claim = findClaim(claimId);
    if (!claim) throw new Error(`Unknown claim ${claimId}`);
    const info = await initBackend(backend);
    const before = tf.memory().numTensors;
    const onEpoch = (log: EpochLog) => self.postMessage({ seed, epoch: log });
    const run = await runSeed(claim, config, { seed, scale, backend: info, outDir, onEpoch });
    self.postMessage({ seed, run, tensorsLeaked: tf.memory().numTensors - before });
  } catch (error) {
    const { name, message, stack } = error instanceof Error
      ? error
      : { name: "Error", message: String(error), stack: undefined };
    self.postMessage({ seed, error: { name, message, stack } });
  }
};
