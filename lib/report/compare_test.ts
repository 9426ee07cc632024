import assert from "node:assert/strict";
import { join } from "node:path";
import { compareRecords, formatComparison, loadRecords } from "./mod.ts";
import { fixtureRecord, fixtureResults, putRecord } from "./_fixtures.ts";

/** Two copies of the fixture records, old and new, removed when the test's scope ends. */
async function pair(): Promise<{ old: string; now: string } & AsyncDisposable> {
  const old = await fixtureResults();
  const now = await fixtureResults();
  return {
    old,
    now,
    async [Symbol.asyncDispose]() {
      await Deno.remove(old, { recursive: true });
      await Deno.remove(now, { recursive: true });
    },
  };
}

async function compareDirs(old: string, now: string) {
  return compareRecords(await loadRecords(old), await loadRecords(now));
}

Deno.test("compareRecords() passes identical results", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  const diff = await compareDirs(old, now);
  assert.equal(diff.failed, false);
  assert.equal(diff.claims.length, 7);
  assert.ok(diff.claims.every((c) => c.kind === "same"));
  const santaFe = diff.claims.find((c) => c.claim === "2.2.1-mlp-santafe")!;
  // A claim known not to reproduce stays outside its band without failing the comparison.
  assert.equal(santaFe.metrics.find((m) => m.metric === "bestTestMSE")!.status, "outside");
});

Deno.test("compareRecords() passes a change that stays in band", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  const record = await fixtureRecord("quick", "1.4.4-early-stopping");
  record.metrics.stoppedEpoch.mean = 60;
  await putRecord(now, "quick", record.claim, record);
  const diff = await compareDirs(old, now);
  assert.equal(diff.failed, false);
  const metric = diff.claims.find((c) => c.claim === record.claim && c.scale === "quick")!
    .metrics.find((m) => m.metric === "stoppedEpoch")!;
  assert.equal(metric.status, "in-band");
  assert.ok(Math.abs(metric.delta! - (60 - 47.666666666666664)) < 1e-9);
});

Deno.test("compareRecords() fails a metric that leaves its band and a verdict that changes", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  const record = await fixtureRecord("quick", "1.4.4-early-stopping");
  record.metrics.stoppedEpoch.mean = 190;
  record.bands[0].value = 190;
  record.bands[0].pass = false;
  record.verdict = "not-reproduced";
  await putRecord(now, "quick", record.claim, record);
  const guarded = await fixtureRecord("quick", "2.2.1-mlp-santafe");
  guarded.metrics.lag2MinusBest.mean = 10;
  await putRecord(now, "quick", guarded.claim, guarded);

  const diff = await compareDirs(old, now);
  assert.equal(diff.failed, true);
  const early = diff.claims.find((c) => c.claim === record.claim && c.scale === "quick")!;
  assert.equal(early.kind, "changed");
  assert.deepEqual(early.problems, [
    "verdict reproduced → not-reproduced",
    "stoppedEpoch left its band",
  ]);
  const santaFe = diff.claims.find((c) => c.claim === guarded.claim)!;
  assert.deepEqual(santaFe.problems, ["lag2MinusBest left its band"]);
  const text = formatComparison(diff, { old: "old", new: "new" });
  assert.match(text, /✗ 1\.4\.4-early-stopping \(quick\): verdict reproduced → not-reproduced/);
  assert.match(text, /stoppedEpoch\s+47\.67\s+190\s+\+142\.3\s+≤ 150\s+LEFT BAND/);
  assert.match(text, /2 regressed, 0 new, 0 removed; 0 unreadable → FAIL\n$/);
  assert.deepEqual(early.setupChanges, []);
});

Deno.test("compareRecords() says what of the setup changed beside a regression", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  const record = await fixtureRecord("quick", "1.4.4-early-stopping");
  record.verdict = "not-reproduced";
  (record.config as Record<string, unknown>).patience = 99;
  record.seeds = [0, 1, 2, 3, 4, 5];
  record.versions = { ...record.versions, code: "sha256:other" };
  await putRecord(now, "quick", record.claim, record);
  const diff = await compareDirs(old, now);
  const early = diff.claims.find((c) => c.claim === record.claim && c.scale === "quick")!;
  const before = await fixtureRecord("quick", "1.4.4-early-stopping");
  const patience = (before.config as Record<string, unknown>).patience;
  assert.deepEqual(early.setupChanges, [
    `patience ${JSON.stringify(patience)} → 99`,
    "seeds 0–2 → 0–5",
    "code",
  ]);
  const text = formatComparison(diff);
  assert.match(text, /✗ 1\.4\.4-early-stopping \(quick\): verdict .* — setup changed: patience/);
  assert.match(text, /1 regressed \(1 with a changed setup\)/);
});

Deno.test("compareRecords() lists a new claim without failing", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  const record = await fixtureRecord("quick", "1.3.5-cnn-params");
  await Deno.remove(join(old, "quick", "1.3.5-cnn-params.json"));
  const diff = await compareDirs(old, now);
  assert.equal(diff.failed, false);
  const added = diff.claims.find((c) => c.claim === record.claim)!;
  assert.equal(added.kind, "new");
  assert.equal(added.newVerdict, "reproduced");
  assert.match(formatComparison(diff), /\+ 1\.3\.5-cnn-params \(quick\): new claim, reproduced/);
});

Deno.test("compareRecords() fails a removed claim", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  await Deno.remove(join(now, "full", "1.4.4-early-stopping.json"));
  const diff = await compareDirs(old, now);
  assert.equal(diff.failed, true);
  const removed = diff.claims.find((c) => c.kind === "removed")!;
  assert.equal(removed.scale, "full");
  assert.deepEqual(removed.problems, ["removed: the new run has no record (was reproduced)"]);
  assert.match(formatComparison(diff), /- 1\.4\.4-early-stopping \(full\): REMOVED/);
});

Deno.test("compareRecords() names a malformed record and compares the rest", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  await putRecord(now, "quick", "3.3-attention", "{ not json");
  const wrongType = await fixtureRecord("quick", "2.1.1-hopfield-2d");
  (wrongType as unknown as Record<string, unknown>).metrics = [1, 2];
  await putRecord(now, "quick", wrongType.claim, wrongType);
  const diff = await compareDirs(old, now);
  assert.equal(diff.failed, true);
  assert.deepEqual(
    diff.unreadable.map((u) => [u.side, u.path.split("/").slice(-2).join("/")]),
    [["new", "quick/3.3-attention.json"], ["new", "quick/2.1.1-hopfield-2d.json"]],
  );
  assert.match(diff.unreadable[0].error, /^Record 3\.3-attention\.json is not valid JSON/);
  assert.match(diff.unreadable[1].error, /metrics: expected an object, got an array/);
  // The other six records are still compared, and the unreadable one counts as removed.
  assert.equal(diff.claims.filter((c) => c.kind === "same").length, 6);
  assert.equal(diff.claims.find((c) => c.claim === "2.1.1-hopfield-2d")!.kind, "removed");
  assert.match(formatComparison(diff), /! unreadable new record .*2\.1\.1-hopfield-2d\.json: /);
});

Deno.test("compareRecords() fails a banded metric that disappears", async () => {
  await using dirs = await pair();
  const { old, now } = dirs;
  const record = await fixtureRecord("quick", "4.3-vae");
  delete (record.metrics as Record<string, unknown>).classEntropy;
  record.bands = [];
  await putRecord(now, "quick", record.claim, record);
  const diff = await compareDirs(old, now);
  assert.deepEqual(diff.claims.find((c) => c.claim === "4.3-vae")!.problems, [
    "classEntropy is missing",
  ]);
});

const ROOT = new URL("../../", import.meta.url).pathname;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "mod.ts", ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test({
  name: "mod.ts compare exits 0 on a pass, 1 on a regression, 2 without a folder",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using dirs = await pair();
    const { old, now } = dirs;
    const same = await cli("compare", old, now);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /7 claim records: 7 unchanged, 0 regressed/);

    const record = await fixtureRecord("quick", "1.3.5-cnn-params");
    record.verdict = "not-reproduced";
    await putRecord(now, "quick", record.claim, record);
    const regressed = await cli("compare", old, now);
    assert.equal(regressed.code, 1, regressed.stderr);
    assert.match(
      regressed.stdout,
      /✗ 1\.3\.5-cnn-params \(quick\): verdict reproduced → not-reproduced/,
    );

    const missing = await cli("compare", join(old, "nowhere"), now);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: No results folder at .*nowhere\n$/);
  },
});
