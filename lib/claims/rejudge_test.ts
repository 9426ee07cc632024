import assert from "node:assert/strict";
import { initBackend, versions } from "../backend/mod.ts";
import { toRecord } from "../results/mod.ts";
import { findClaim } from "./registry.ts";
import { RejudgeError, rejudgeRecord } from "./rejudge.ts";
import { runClaim } from "./run_claim.ts";

const claim = findClaim("2.1.2-hopfield-3d")!;

async function quickRecord() {
  await initBackend("wasm");
  return toRecord(await runClaim(claim, { seeds: [0, 1] }), versions());
}

Deno.test("rejudgeRecord() does keep the measurement and apply the current bands", async () => {
  const record = await quickRecord();
  assert.deepEqual(rejudgeRecord(claim, record), record); // same spec, same judgement
  const band = { metric: "meanIterations", max: 1, why: "a stricter band than the spec's" };
  const stricter = {
    ...claim,
    scales: { ...claim.scales, quick: { ...claim.scales.quick, bands: [band] } },
  };
  const judged = rejudgeRecord(stricter, record);
  assert.equal(judged.verdict, "not-reproduced");
  assert.equal(judged.bands.length, 1);
  assert.equal(judged.bands[0].pass, false);
  assert.equal(judged.bands[0].value, record.metrics.meanIterations.mean);
  for (const key of ["metrics", "curves", "seeds", "wallSeconds", "finishedAt"] as const) {
    assert.deepEqual(judged[key], record[key], key);
  }
  assert.deepEqual(judged.statements, [
    { statement: "the claim", reproduced: false, passed: 0, total: 1, metrics: ["meanIterations"] },
  ]);
});

Deno.test("rejudgeRecord() does judge the twin's numbers by the same bands", async () => {
  const record = await quickRecord();
  const peer = {
    framework: "pytorch",
    version: "1.13.0a0",
    scale: "quick" as const,
    seeds: [0, 1],
    subset: null,
    metrics: { meanIterations: { mean: 0.5, std: 0, min: 0.5, max: 0.5, values: [0.5] } },
    verdict: "not-reproduced" as const,
    bands: [],
    guards: [],
    command: "",
    wallSeconds: 0,
    finishedAt: "2026-12-02T13:00:00.000Z",
  };
  const band = { metric: "meanIterations", max: 1, why: "a band the twin meets" };
  const stricter = {
    ...claim,
    scales: { ...claim.scales, quick: { ...claim.scales.quick, bands: [band], guards: [] } },
  };
  const judged = rejudgeRecord(stricter, { ...record, peer });
  assert.equal(judged.verdict, "not-reproduced");
  assert.equal(judged.peer?.verdict, "reproduced");
  assert.deepEqual(judged.peer?.bands.map((b) => [b.value, b.pass]), [[0.5, true]]);
  assert.deepEqual(judged.peer?.metrics, peer.metrics);
});

Deno.test("rejudgeRecord() does refuse another config, a stopped run or another claim", async () => {
  const record = await quickRecord();
  assert.throws(
    () => rejudgeRecord(claim, { ...record, config: { ...record.config, starts: 1 } }),
    RejudgeError,
  );
  const expectingReproduced = {
    ...claim,
    scales: { ...claim.scales, quick: { ...claim.scales.quick, expect: "reproduced" as const } },
  };
  assert.throws(() => rejudgeRecord(expectingReproduced, { ...record, metrics: {} }), /stopped/);
  // A stopped run takes only a new expectation of not reproducing: its verdict rests on the stop.
  const stopped = {
    ...record,
    metrics: {},
    verdict: "not-reproduced" as const,
    reason: "Seed 1: x",
  };
  const expecting = {
    ...claim,
    scales: {
      ...claim.scales,
      quick: { ...claim.scales.quick, expect: "not-reproduced" as const },
    },
  };
  const judged = rejudgeRecord(expecting, { ...stopped, expected: "reproduced" });
  assert.deepEqual({ ...judged, bands: [], guards: [] }, {
    ...stopped,
    expected: "not-reproduced",
    bands: [],
    guards: [],
  });
  assert.equal(judged.bands.length, claim.scales.quick.bands.length);
  assert.throws(() => rejudgeRecord(findClaim("2.1.1-hopfield-2d")!, record), RejudgeError);
});

Deno.test("rejudgeRecord() does keep a run with diverged seeds not reproduced, bands on the rest", async () => {
  const record = await quickRecord();
  // The spec's bands pass on the measured seeds; a seed 2 that diverged keeps the verdict.
  const diverged = {
    ...record,
    seeds: [0, 1, 2],
    diverged: [{ seed: 2, message: "m diverged at epoch 5" }],
  };
  const passing = {
    ...claim,
    scales: {
      ...claim.scales,
      quick: { ...claim.scales.quick, bands: [{ metric: "meanIterations", min: 0, why: "any" }] },
    },
  };
  const judged = rejudgeRecord(passing, diverged);
  assert.equal(judged.verdict, "not-reproduced");
  assert.equal(judged.reason, "Seed 2: m diverged at epoch 5");
  assert.equal(judged.bands[0].pass, true);
  assert.deepEqual(judged.diverged, diverged.diverged);
});
