import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { findClaim } from "./registry.ts";
import type { KeptRow } from "../outcomes/mod.ts";
import { type FinishedSeed, runClaim } from "./run_claim.ts";

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
  assert.deepEqual([...rows.get(1)!.keys()], ["baseline", "model2"]);
  const computed: string[] = [];
  const resumed = await runClaim(claim, {
    seeds,
    overrides,
    jobs: 2,
    keptRows: new Map([[1, new Map([["baseline", rows.get(1)!.get("baseline")!]])]]),
    onRowDone: (seed, key) => void computed.push(`${seed}:${key}`),
  });
  assert.deepEqual(computed.sort(), ["0:baseline", "0:model2", "1:model2"]);
  assert.deepEqual(resumed.metrics, uncut.metrics);
  assert.deepEqual(resumed.curves, uncut.curves);
});
