import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { findClaim } from "./registry.ts";
import { runClaim } from "./run_claim.ts";

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
