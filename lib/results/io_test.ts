import assert from "node:assert/strict";
import { join } from "node:path";
import { parseRecord, readRecords, recordPath, writeRecord } from "./io.ts";
import { RECORD_KEYS } from "./keys.ts";
import type { ResultRecord } from "./record.ts";

function record(claim: string, value = 1): ResultRecord {
  const base = Object.fromEntries(RECORD_KEYS.map((key) => [key, null]));
  return { ...base, claim, scale: "quick", verdict: "reproduced", metrics: { x: value } } as never;
}

Deno.test("recordPath() refuses ids and scales that could leave the results folder", () => {
  assert.equal(recordPath("results", "quick", "3.3-attention"), "results/quick/3.3-attention.json");
  for (
    const id of ["../3.3-attention", "/etc/passwd", "3.3-a/../../x", "3.3-attention\0", "", "3.3 x"]
  ) {
    assert.throws(() => recordPath("results", "quick", id), {
      name: "RecordError",
      message: `Invalid claim id ${JSON.stringify(id)}: expected e.g. 1.3.5-cnn-params`,
    });
  }
  assert.throws(() => recordPath("results", "../x" as never, "3.3-attention"), {
    message: 'Invalid scale "../x": expected quick or full',
  });
});

Deno.test("writeRecord() writes atomically and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  const path = await writeRecord(dir, record("3.3-attention"));
  assert.equal(path, join(dir, "quick", "3.3-attention.json"));
  assert.deepEqual([...Deno.readDirSync(join(dir, "quick"))].map((e) => e.name), [
    "3.3-attention.json",
  ]);
  assert.equal(parseRecord(await Deno.readTextFile(path), "x").claim, "3.3-attention");
});

Deno.test("writeRecord() from parallel runs leaves valid records", async () => {
  const dir = await Deno.makeTempDir();
  await Promise.all([
    ...Array.from({ length: 20 }, (_, i) => writeRecord(dir, record("3.3-attention", i))),
    ...Array.from({ length: 20 }, (_, i) => writeRecord(dir, record("3.2.1-conv-output", i))),
  ]);
  const { records, unreadable } = await readRecords(dir);
  assert.equal(records.length, 2);
  assert.deepEqual(unreadable, []);
});

Deno.test("writeRecord() interrupted by SIGINT leaves the previous record intact", async () => {
  const dir = await Deno.makeTempDir();
  const path = await writeRecord(dir, record("3.3-attention", 1));
  const before = await Deno.readTextFile(path);
  // A child writes a large record in a loop until it is interrupted.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { writeRecord } from ${JSON.stringify(new URL("./io.ts", import.meta.url).href)};
       const big = ${JSON.stringify(record("3.3-attention", 2))};
       big.curves = { x: [Array.from({ length: 300000 }, Math.random)] };
       console.log("ready");
       while (true) await writeRecord(${JSON.stringify(dir)}, big);`,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  await reader.read(); // "ready"
  await new Promise((resolve) => setTimeout(resolve, 300));
  child.kill("SIGINT");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel();
  const after = await Deno.readTextFile(path);
  // Either the old record or a complete new one, never a torn file.
  const parsed = parseRecord(after, "3.3-attention.json");
  assert.ok(after === before || (parsed.curves as { x: number[][] }).x[0].length === 300000);
});

Deno.test("readRecords() names a malformed record and reads the rest", async () => {
  const dir = await Deno.makeTempDir();
  await writeRecord(dir, record("3.3-attention"));
  await Deno.writeTextFile(join(dir, "quick", "1.3.5-cnn-params.json"), "{ not json");
  await Deno.writeTextFile(join(dir, "quick", "3.2.1-conv-output.json"), '{"claim": "x"}');
  const { records, unreadable } = await readRecords(dir);
  assert.deepEqual(records.map((r) => r.claim), ["3.3-attention"]);
  assert.equal(unreadable.length, 2);
  assert.match(unreadable[0].error, /^Record 1\.3\.5-cnn-params\.json is not valid JSON: /);
  assert.match(
    unreadable[1].error,
    /^Record 3\.2\.1-conv-output\.json lacks keys: schema, section/,
  );
});
