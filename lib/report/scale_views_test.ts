import assert from "node:assert/strict";
import {
  claimViews,
  loadRecords,
  recordAt,
  scaleColumnsHtml,
  scaleCountsHtml,
  scaleCountsMarkdown,
  scaleTallies,
} from "./mod.ts";
import { FIXTURE_CATALOGUE, FIXTURE_RECORDS, fixtureRecord } from "./_fixtures.ts";
import { measuredSeeds, type ResultRecord, stoppedEarly } from "../results/mod.ts";

async function views() {
  const { records } = await loadRecords(FIXTURE_RECORDS);
  const catalogue = FIXTURE_CATALOGUE.map((e) => ({ ...e, shared: e.id === "1.3.5-cnn-params" }));
  return claimViews(catalogue, records);
}

Deno.test("scaleTallies() counts the report's scale apart from quick, exact claims by their quick record", async () => {
  const tallies = scaleTallies(await views());
  assert.deepEqual(tallies.full, {
    reproduced: 2, // 1.4.4 by its full record, 1.3.5 by its quick one
    notReproduced: 0,
    skipped: 0,
    missing: 4,
    seeds: 2,
  });
  assert.deepEqual(tallies.quick, {
    reproduced: 4,
    notReproduced: 1,
    skipped: 1,
    missing: 0,
    seeds: 13,
  });
  assert.deepEqual(tallies.shared, ["1.3.5-cnn-params"]);
  assert.equal(
    scaleCountsMarkdown(await views()),
    "At the report's scale: 2 reproduced, 0 not reproduced, 4 without a full record (2 seeds in all); " +
      "1.3.5-cnn-params count by their quick record, which is their full setup by design. " +
      "At quick scale: 4 reproduced, 1 not reproduced, 1 skipped (13 seeds in all).",
  );
  assert.match(
    scaleCountsHtml(await views()),
    /^<p class="scale-counts"><b>At the report's scale<\/b> 2 reproduced/,
  );
});

Deno.test("recordAt() lets only an exact claim's quick record stand for the full scale", async () => {
  const all = await views();
  const byId = (id: string) => all.find((v) => v.entry.id === id)!;
  assert.equal(recordAt(byId("1.3.5-cnn-params"), "full")?.shared, true);
  assert.equal(recordAt(byId("2.1.1-hopfield-2d"), "full"), undefined);
  assert.equal(recordAt(byId("1.4.4-early-stopping"), "full")?.record.scale, "full");
});

Deno.test("scaleColumnsHtml() shows quick and full side by side with their seeds", async () => {
  const all = await views();
  const html = scaleColumnsHtml(all.find((v) => v.entry.id === "1.4.4-early-stopping")!);
  assert.match(
    html,
    /<tr><th>seeds<\/th><td>3 <small>\(0–2\)<\/small><\/td><td>1 <small>\(0\)<\/small><\/td><\/tr>/,
  );
  assert.match(
    html,
    /<th><code>stoppedEpoch<\/code><\/th><td class="num">47\.67 ± 4 ✓<\/td><td class="num">61 ✓<\/td>/,
  );
  const hopfield = scaleColumnsHtml(all.find((v) => v.entry.id === "2.1.1-hopfield-2d")!);
  assert.match(hopfield, /<td><span class="none">no record<\/span><\/td><\/tr>/);
  const exact = scaleColumnsHtml(all.find((v) => v.entry.id === "1.3.5-cnn-params")!);
  assert.match(exact, /the quick record: an exact claim, same config and seeds/);
  assert.equal(scaleColumnsHtml(all.find((v) => v.entry.id === "3.3-attention")!), "");
});

/** The claim view of one record, as the page builds it. */
function viewOf(record: ResultRecord) {
  return {
    entry: FIXTURE_CATALOGUE.find((e) => e.id === record.claim)!,
    records: [record],
    status: record.verdict,
  };
}

Deno.test("scaleColumnsHtml() shows the seeds a stopped run rests on, and where it stopped", async () => {
  const record = await fixtureRecord("full", "1.4.4-early-stopping");
  record.seeds = [0, 1, 2, 3, 4]; // asked for five; its metrics hold one value each: seed 1 stopped it
  assert.deepEqual(measuredSeeds(record), [0]);
  const view = viewOf(record);
  assert.match(
    scaleColumnsHtml(view as never),
    /<td>1 of 5 <small>\(0; stopped at seed 1\)<\/small><\/td><\/tr>/,
  );
  assert.equal(scaleTallies([view as never]).full.seeds, 1);
  record.seeds = [0];
  assert.deepEqual(measuredSeeds(record), [0]);
  assert.equal(stoppedEarly(record), false);
  assert.deepEqual(measuredSeeds({ ...record, metrics: {} }), []); // the first seed stopped it
  assert.equal(stoppedEarly({ ...record, metrics: {} }), true);
});

Deno.test("scaleColumnsHtml() counts the seeds that trained apart from those that diverged", async () => {
  const record = await fixtureRecord("full", "1.4.4-early-stopping");
  record.seeds = [0, 1, 2, 3, 4];
  for (const metric of Object.values(record.metrics)) metric.values = [1, 2];
  record.diverged = [1, 2, 3].map((seed) => ({ seed, message: "m diverged at epoch 5" }));
  assert.deepEqual(measuredSeeds(record), [0, 4]);
  assert.equal(stoppedEarly(record), false);
  const view = viewOf(record);
  assert.match(
    scaleColumnsHtml(view as never),
    /<td>2 of 5 <small>\(0, 4; 1–3 diverged\)<\/small><\/td><\/tr>/,
  );
  // Cut by its budget at seed 4 after seeds 1–3 diverged: seed 0 alone trained.
  for (const metric of Object.values(record.metrics)) metric.values = [1];
  assert.deepEqual(measuredSeeds(record), [0]);
  assert.equal(stoppedEarly(record), true);
  assert.match(
    scaleColumnsHtml(view as never),
    /<td>1 of 5 <small>\(0; 1–3 diverged; stopped at seed 4\)<\/small><\/td><\/tr>/,
  );
});
