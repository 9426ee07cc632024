import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { findClaim } from "./registry.ts";
import type { KeptRow } from "../outcomes/mod.ts";
import { type FinishedSeed, runClaim } from "./run_claim.ts";
import { runSeedsInParallel } from "./parallel_seeds.ts";

const ODD_SEEDS_DIVERGE = new URL("./_odd_seeds_diverge_worker.ts", import.meta.url);

Deno.test("runSeedsInParallel() goes on past a diverged seed and stops at a failed one", async () => {
  const arrived = new Map<number, { run?: unknown; diverged?: string }>();
  const options = {
    claimId: "0.0-odd",
    scale: "quick" as const,
    config: {},
    backend: { name: "wasm" as const, detail: "test" },
    jobs: 2,
    workerUrl: ODD_SEEDS_DIVERGE,
    onSeed: (seed: number, result: { run?: unknown; diverged?: string }) =>
      void arrived.set(seed, result),
  };
  const result = await runSeedsInParallel({ ...options, seeds: [0, 1, 2, 3, 4] });
  assert.equal(result.error, undefined);
  assert.deepEqual(result.runs.map((run) => run.metrics.seedValue), [0, 2, 4]);
  assert.deepEqual([...arrived.keys()].sort(), [0, 1, 2, 3, 4]);
  assert.equal(arrived.get(3)?.diverged, "odd diverged at epoch 5");
  assert.equal(arrived.get(3)?.run, undefined);

  const failed = await runSeedsInParallel({ ...options, seeds: [0, 1, 10, 2] });
  assert.equal(failed.error?.seed, 10);
  assert.equal(failed.error?.error.message, "boom");
  assert.deepEqual(failed.runs.map((run) => run.metrics.seedValue), [0]);
});

Deno.test("runClaim() with jobs runs the seeds in workers and measures what a sequential run does", async () => {
  await initBackend("wasm");
  const claim = findClaim("2.1.2-hopfield-3d")!; // random starts drawn from the seed
  const seeds = [0, 1, 2];
  const sequential = await runClaim(claim, { seeds });
  const parallel = await runClaim(claim, { seeds, jobs: 2 });
  assert.deepEqual(parallel.metrics, sequential.metrics);
  assert.deepEqual(parallel.curves, sequential.curves);
  assert.deepEqual(parallel.tables, sequential.tables);
  assert.equal(parallel.verdict, sequential.verdict);
  assert.equal(parallel.tensorsLeaked, 0);
});

Deno.test("runClaim() with jobs resumed from kept seeds runs the rest in workers, same numbers", async () => {
  await initBackend("wasm");
  const claim = findClaim("2.1.2-hopfield-3d")!;
  const seeds = [0, 1, 2, 3];
  const kept = new Map<number, FinishedSeed>();
  const uncut = await runClaim(claim, {
    seeds,
    onSeedDone: (seed, finished) => void (seed === 0 && kept.set(seed, finished)),
  });
  const done: number[] = [];
  const resumed = await runClaim(claim, {
    seeds,
    jobs: 2,
    keptSeeds: kept,
    onSeedDone: (seed) => void done.push(seed),
  });
  assert.deepEqual(done.sort(), [1, 2, 3]);
  assert.deepEqual(resumed.metrics, uncut.metrics);
  assert.deepEqual(resumed.curves, uncut.curves);
  assert.equal(resumed.tensorsLeaked, 0);
});

Deno.test("runClaim() with jobs resumes a seed at its next row in a worker, same numbers", async () => {
  await initBackend("wasm");
  const claim = findClaim("3.2.2-cnn-variants")!; // one row per variant trained
  const overrides = {
    variants: ["baseline", "model2"],
    trainCount: 100,
    testCount: 100,
    epochs: 1,
  };
  const seeds = [0, 1];
  const rows = new Map<number, Map<string, KeptRow>>();
  const uncut = await runClaim(claim, {
    seeds,
    overrides,
    onRowDone: (seed, key, row) => {
      rows.set(seed, (rows.get(seed) ?? new Map()).set(key, structuredClone(row)));
    },
  });
  // Each variant's row follows the epochs its fit saved (dropped again once the row is kept).
  assert.deepEqual([...rows.get(1)!.keys()], [
    "baseline epochs",
    "baseline",
    "model2 epochs",
    "model2",
  ]);
  assert.equal(rows.get(1)!.get("baseline epochs")!.value, null);
  const computed: string[] = [];
  const resumed = await runClaim(claim, {
    seeds,
    overrides,
    jobs: 2,
    keptRows: new Map([[1, new Map([["baseline", rows.get(1)!.get("baseline")!]])]]),
    onRowDone: (seed, key) => {
      if (!key.endsWith(" epochs")) computed.push(`${seed}:${key}`);
    },
  });
  assert.deepEqual(computed.sort(), ["0:baseline", "0:model2", "1:model2"]);
  assert.deepEqual(resumed.metrics, uncut.metrics);
  assert.deepEqual(resumed.curves, uncut.curves);
  // Each worker measures its own thread's CPU time.
  assert.ok(resumed.cpuSeconds! > 0, `cpuSeconds ${resumed.cpuSeconds}`);
});
