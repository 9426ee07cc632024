import assert from "node:assert/strict";
import { claimViews, loadRecords } from "./mod.ts";
import { FIXTURE_CATALOGUE, FIXTURE_RECORDS } from "./_fixtures.ts";

Deno.test("claimViews() keeps catalogue order, puts full before quick and marks missing claims", async () => {
  const { records } = await loadRecords(FIXTURE_RECORDS);
  const views = claimViews(FIXTURE_CATALOGUE, records);
  assert.deepEqual(views.map((v) => v.entry.id), FIXTURE_CATALOGUE.map((e) => e.id));
  const early = views.find((v) => v.entry.id === "1.4.4-early-stopping")!;
  assert.deepEqual(early.records.map((r) => r.scale), ["full", "quick"]);
  assert.deepEqual(
    Object.fromEntries(views.map((v) => [v.entry.id, v.status])),
    {
      "1.3.1-noise": "not-implemented",
      "1.3.5-cnn-params": "reproduced",
      "1.4.4-early-stopping": "reproduced",
      "2.1.1-hopfield-2d": "reproduced",
      "2.2.1-mlp-santafe": "not-reproduced",
      "3.3-attention": "not-implemented",
      "4.2-gan-losses": "skipped",
      "4.3-vae": "reproduced",
    },
  );
});

Deno.test("claimViews() adds a card for a record the catalogue lacks", async () => {
  const { records } = await loadRecords(FIXTURE_RECORDS);
  const views = claimViews(FIXTURE_CATALOGUE.slice(0, 1), records);
  assert.equal(views.length, 7);
  assert.deepEqual(views[1].entry, {
    id: "1.3.5-cnn-params",
    exercise: 1,
    section: "1.3.5",
    statement: records.find((r) => r.claim === "1.3.5-cnn-params")!.statement,
  });
});
