import assert from "node:assert/strict";
import { claimViews, loadRecords, renderSummary } from "./mod.ts";
import { FIXTURE_CATALOGUE, FIXTURE_RECORDS } from "./_fixtures.ts";

Deno.test("renderSummary() gives counts, a row per claim with a record, and the missing ids", async () => {
  const { records } = await loadRecords(FIXTURE_RECORDS);
  const text = renderSummary(claimViews(FIXTURE_CATALOGUE, records));
  const lines = text.split("\n");
  assert.equal(lines[0], "## anndl-spec: 6 of 8 claims run");
  assert.equal(
    lines[2],
    "✅ 4 reproduced · ❌ 1 not reproduced · ⏭️ 1 skipped · 2 not implemented",
  );
  assert.ok(lines.includes(
    "| 1.4.4-early-stopping | ✅ reproduced | ✅ reproduced | `stoppedEpoch` 61 (≤ 150; report 52) |",
  ));
  assert.ok(lines.includes(
    "| 2.2.1-mlp-santafe | ❌ not reproduced |  | **✗** `bestTestMSE` 734.1 ± 60 (≤ 700; report 620.25) |",
  ));
  assert.match(text, /\| 4\.2-gan-losses \| ⏭️ skipped \| {2}\| 50 epochs of the 784-1024 GAN/);
  assert.match(text, /\nNot implemented: 1\.3\.1-noise, 3\.3-attention\.\n/);
  assert.ok(text.length < 2000, `summary is ${text.length} characters`);
});

Deno.test("renderSummary() flags a verdict the spec does not expect and escapes pipes", async () => {
  const { records } = await loadRecords(FIXTURE_RECORDS);
  const skipped = records.find((r) => r.claim === "4.2-gan-losses")!;
  const changed = { ...skipped, expected: "reproduced" as const, reason: "a | b" };
  const text = renderSummary(claimViews(FIXTURE_CATALOGUE, [changed]));
  assert.match(text, /\| 4\.2-gan-losses \| ⏭️ skipped ⚠️ \| {2}\| a \\\| b \|/);
});
