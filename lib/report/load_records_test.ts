import assert from "node:assert/strict";
import { join } from "node:path";
import { loadRecords, recordProblems } from "./mod.ts";
import { fixtureRecord, fixtureResults, putRecord } from "./_fixtures.ts";

Deno.test("recordProblems() accepts the fixture records", async () => {
  for (const id of ["1.3.5-cnn-params", "2.2.1-mlp-santafe", "4.2-gan-losses", "4.3-vae"]) {
    assert.deepEqual(recordProblems(await fixtureRecord("quick", id)), [], id);
  }
});

Deno.test("recordProblems() names each field of the wrong type", async () => {
  const record = await fixtureRecord("quick", "1.4.4-early-stopping");
  const bad = {
    ...record,
    verdict: "great",
    metrics: { stoppedEpoch: { mean: "47" } },
    bands: [{ min: 1 }],
    curves: { trainLoss: [[1, "x"]] },
    images: { grid: 3 },
  } as unknown as typeof record;
  assert.deepEqual(recordProblems(bad), [
    'verdict: expected reproduced, not-reproduced, skipped, got "great"',
    "metrics.stoppedEpoch: expected {mean, std, min, max, values}",
    "bands[0]: expected a band with a metric name",
    "curves.trainLoss: expected one number array per seed",
    "images.grid: expected a path",
  ]);
});

Deno.test("loadRecords() sets aside records of the wrong shape with their path", async () => {
  const dir = await fixtureResults();
  try {
    const record = await fixtureRecord("quick", "4.3-vae");
    await putRecord(
      dir,
      "quick",
      "4.3-vae",
      { ...record, tables: "none" } as unknown as typeof record,
    );
    const { records, unreadable } = await loadRecords(dir);
    assert.equal(records.length, 6);
    assert.deepEqual(unreadable, [{
      path: join(dir, "quick", "4.3-vae.json"),
      error:
        'Record 4.3-vae.json has fields of the wrong type: tables: expected an object, got "none"',
    }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
