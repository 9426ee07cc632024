import assert from "node:assert/strict";
import type { PeerRecord, ResultRecord } from "../results/mod.ts";
import {
  compareRecords,
  evidenceSummary,
  formatComparison,
  peerHtml,
  statementsHtml,
  statementsLabel,
} from "./mod.ts";
import { fixtureRecord } from "./_fixtures.ts";

type Check = ResultRecord["bands"][number];

function check(metric: string, pass: boolean, statement?: string): Check {
  return { metric, min: 0, why: "", statement, value: pass ? 1 : -1, pass };
}

async function withBands(bands: Check[], peer?: PeerRecord): Promise<ResultRecord> {
  const base = await fixtureRecord("quick", "2.2.1-mlp-santafe");
  const record: ResultRecord = {
    ...base,
    claim: "2.1.2-hopfield-3d",
    scale: "full",
    verdict: bands.every((b) => b.pass) ? "reproduced" : "not-reproduced",
    bands,
    guards: [],
    seeds: [0, 1],
    metrics: Object.fromEntries(
      bands.map((b) => [b.metric, { mean: b.value, std: 0, min: 0, max: 0, values: [b.value] }]),
    ),
  };
  delete record.statements; // an old record: its statements come from its bands
  if (peer) record.peer = peer;
  return record;
}

function twin(bands: Check[]): PeerRecord {
  return {
    framework: "pytorch",
    version: "1.13.0a0",
    scale: "full",
    seeds: [0, 1, 2],
    subset: null,
    metrics: Object.fromEntries(
      bands.map((b) => [b.metric, { mean: b.value, std: 0, min: 0, max: 0, values: [b.value] }]),
    ),
    verdict: "not-reproduced",
    bands,
    guards: [],
    command: "",
    wallSeconds: 1,
    finishedAt: "2026-12-02T13:00:00.000Z",
  };
}

Deno.test("statementsLabel() does say reproduced, in part (k of n) or not", () => {
  const s = (reproduced: boolean) => ({
    statement: String(reproduced),
    reproduced,
    passed: 0,
    total: 1,
    metrics: [],
  });
  assert.equal(statementsLabel([s(true), s(true)]), "reproduced");
  assert.equal(
    statementsLabel([s(true), s(false), s(true), s(true)]),
    "reproduced in part (3 of 4)",
  );
  assert.equal(statementsLabel([s(false)]), "not reproduced");
  assert.equal(statementsLabel([]), "");
});

Deno.test("statementsHtml() does list the statements of a claim of several only", async () => {
  const two = await withBands([check("a", true, "attractors"), check("b", false, "iterations")]);
  const html = statementsHtml(two);
  assert.match(html, /<b>reproduced in part \(1 of 2\)<\/b>/);
  assert.match(html, /✓ attractors/);
  assert.match(html, /✗ iterations/);
  assert.equal(statementsHtml(await withBands([check("a", true), check("b", false)])), "");
});

Deno.test("peerHtml() and evidenceSummary() do tell an agreeing twin from a differing one", async () => {
  const bands = [check("a", true, "attractors"), check("b", false, "iterations")];
  const agreeing = await withBands(bands, twin([check("a", true), check("b", false)]));
  const differing = await withBands(bands, twin([check("a", true), check("b", true)]));
  assert.match(peerHtml(agreeing), /report not reproduced in TF\.js and PyTorch/);
  assert.match(peerHtml(differing), /suite and PyTorch differ: suspect the suite/);
  assert.equal(peerHtml(await withBands(bands)), "");
  const view = (r: ResultRecord) => ({
    entry: { id: r.claim, exercise: 2, section: "2.1.2", statement: "" },
    records: [r],
    status: r.verdict,
  });
  const reproducedHere = await withBands([check("a", true)], twin([check("a", false)]));
  const lines = evidenceSummary([
    view(differing),
    view(await withBands(bands)),
    view(reproducedHere),
  ]);
  assert.deepEqual(lines, [
    "### Misses and their twins",
    "",
    "- 2.1.2-hopfield-3d (full): suite and PyTorch differ: suspect the suite " +
    "(pytorch 1.13.0a0, 3 seeds; differs on b)",
    "- 2.1.2-hopfield-3d (full): no twin run yet",
    "",
    "### Reproduced here, not by the twin",
    "",
    "- 2.1.2-hopfield-3d (full): suite and PyTorch differ: suspect the suite " +
    "(pytorch 1.13.0a0, 3 seeds; differs on a)",
    "",
    "### Claims of several statements",
    "",
    "- 2.1.2-hopfield-3d (full): reproduced in part (1 of 2) — ✓ attractors, ✗ iterations",
    "- 2.1.2-hopfield-3d (full): reproduced in part (1 of 2) — ✓ attractors, ✗ iterations",
  ]);
});

Deno.test("peerHtml() and evidenceSummary() do say whether a differing twin's seeds differ", async () => {
  const bands = [check("ratio", true)];
  const seeds = (offset: number) => ({
    mean: 0,
    std: 0,
    min: 0,
    max: 0,
    values: [1, 2, 3, 4, 5].map((v) => v + offset),
  });
  const record = await withBands(bands, twin([check("ratio", false)]));
  record.seeds = [0, 1, 2, 3, 4];
  record.metrics.mse = seeds(0);
  record.peer = {
    ...record.peer!,
    seeds: [0, 1, 2, 3, 4],
    metrics: { ...record.peer!.metrics, mse: seeds(0.5) },
  };
  assert.match(
    peerHtml(record),
    /<p class="seed-shift">per seed, no metric differs between the frameworks \(rank-sum mse p = 0\.68; 5 and 5 seeds\): the verdicts part within seed noise<\/p>/,
  );
  const view = { entry: { id: record.claim, exercise: 2, section: "", statement: "" } };
  const [line] = evidenceSummary([{ ...view, records: [record], status: "reproduced" }])
    .filter((l) => l.startsWith("- "));
  assert.match(line, /differs on ratio\); per seed, no metric differs/);
  record.peer.metrics.mse = seeds(10);
  assert.match(peerHtml(record), /per seed, 1 of 1 metrics differ between the frameworks/);
});

Deno.test("compareRecords() does report a statement that stops holding", async () => {
  const before = await withBands([check("a", true, "attractors"), check("b", true, "iterations")]);
  const after = await withBands([check("a", true, "attractors"), check("b", false, "iterations")]);
  const diff = compareRecords({ records: [before], unreadable: [] }, {
    records: [after],
    unreadable: [],
  });
  assert.deepEqual(diff.claims[0].statements, [
    { statement: "attractors", old: true, new: true, changed: false },
    { statement: "iterations", old: true, new: false, changed: true },
  ]);
  assert.match(
    formatComparison(diff),
    /\n {4}statement iterations: reproduced → not reproduced\n/,
  );
});
