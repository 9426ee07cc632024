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
import { threadCpuSeconds } from "../training/mod.ts";
import { findClaim } from "./registry.ts";
import { runSeed } from "./run_seed.ts";
import { seedRows } from "./seed_rows.ts";
import type { EpochLog } from "./claim.ts";
import type { SeedWorkerSetup } from "./_seed_messages.ts";

let setup: SeedWorkerSetup | undefined;

self.onmessage = async (event: MessageEvent<SeedWorkerSetup | { seed: number }>) => {
  if (!("seed" in event.data)) {
    setup = event.data;
    return;
  }
  const { seed } = event.data;
  let before: number | undefined;
  const cpuStarted = threadCpuSeconds();
  try {
    const { claimId, scale, config, backend, outDir } = setup!;
    const claim = findClaim(claimId);
    if (!claim) throw new Error(`Unknown claim ${claimId}`);
    const info = await initBackend(backend);
    before = tf.memory().numTensors;
    const onEpoch = (log: EpochLog) => self.postMessage({ seed, epoch: log });
    const kept = setup!.keptRows?.find(([s]) => s === seed)?.[1];
    const rows = setup!.keptRows &&
      seedRows(
        new Map(kept ?? []),
        (key, row) => self.postMessage({ seed, row: { key, kept: row } }),
      );
    const run = await runSeed(claim, config, { seed, scale, backend: info, outDir, onEpoch, rows });
    const cpuSeconds = threadCpuSeconds() - cpuStarted;
    self.postMessage({ seed, run, tensorsLeaked: tf.memory().numTensors - before, cpuSeconds });
  } catch (error) {
    const { name, message, stack } = error instanceof Error
      ? error
      : { name: "Error", message: String(error), stack: undefined };
    const tensorsLeaked = before === undefined ? 0 : tf.memory().numTensors - before;
    const cpuSeconds = threadCpuSeconds() - cpuStarted;
    self.postMessage({ seed, error: { name, message, stack }, tensorsLeaked, cpuSeconds });
  }
};
