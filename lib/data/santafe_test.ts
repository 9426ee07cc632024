import assert from "node:assert/strict";
import { DataError, loadSantaFe, parseSeries } from "./mod.ts";
import { fixtureDir, put, seriesText } from "./_test_fixtures.ts";

const REAL = Deno.env.get("ANNDL_DATA_DIR");

function throwsData(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: Error) => {
    assert.ok(error instanceof DataError, `expected DataError, got ${error.name}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes("\n"), "message is one line");
    return true;
  });
}

Deno.test("parseSeries() reads scientific notation with CRLF or LF line ends", () => {
  assert.deepEqual(
    parseSeries("   8.6000000e+01\r\n   1.4100000e+02\r\n", { file: "a.dat", count: 2 }),
    new Float64Array([86, 141]),
  );
  assert.deepEqual(
    parseSeries("1\n-2.5\n3E-1", { file: "b.dat", count: 3 }),
    new Float64Array([1, -2.5, 0.3]),
  );
});

Deno.test("parseSeries() rejects a stray line with its line number", () => {
  throwsData(
    () => parseSeries("1\r\n2\r\n# end\r\n", { file: "/d/santafe/lasertrain.dat", count: 2 }),
    /^Bad data file \/d\/santafe\/lasertrain\.dat: line 3 is not a number: "# end"; run `deno task data`/,
  );
  throwsData(
    () => parseSeries("1\n\n2\n", { file: "x.dat", count: 3 }),
    /x\.dat: line 2 is not a number: ""/,
  );
  throwsData(
    () => parseSeries("1 2\n3\n", { file: "x.dat", count: 2 }),
    /line 1 is not a number: "1 2"/,
  );
  throwsData(
    () => parseSeries("1e999\n3\n", { file: "x.dat", count: 2 }),
    /line 1 is not a number: "1e999"/,
  );
});

Deno.test("parseSeries() rejects a wrong number of values", () => {
  throwsData(
    () => parseSeries(seriesText([1, 2, 3]), { file: "p.dat", count: 100 }),
    /^Bad data file p\.dat: expected 100 values \(one per line\), got 3 lines; /,
  );
  throwsData(
    () => parseSeries("", { file: "p.dat", count: 1 }),
    /expected 1 values \(one per line\), got 0 lines/,
  );
});

Deno.test("loadSantaFe() reads both files from a data folder", async () => {
  const f = await fixtureDir();
  try {
    await put(f.dir, "santafe/lasertrain.dat", seriesText([86, 141, 95, 41]));
    await put(f.dir, "santafe/laserpred.dat", seriesText([72, 178]));
    const { train, test } = await loadSantaFe({ roots: f.roots, lengths: { train: 4, test: 2 } });
    assert.deepEqual(train, new Float64Array([86, 141, 95, 41]));
    assert.deepEqual(test, new Float64Array([72, 178]));
    await assert.rejects(
      loadSantaFe({ roots: f.roots }),
      /^DataError: Bad data file .*santafe\/(lasertrain\.dat: expected 1000 values \(one per line\), got 4|laserpred\.dat: expected 100 values \(one per line\), got 2) lines; /,
    );
  } finally {
    await f.cleanup();
  }
});

Deno.test("loadSantaFe() names a missing file and how to get it", async () => {
  const f = await fixtureDir();
  try {
    await assert.rejects(
      loadSantaFe({ roots: f.roots }),
      /^DataError: Data file santafe\/(lasertrain|laserpred)\.dat is missing \(looked in .*\): run `deno task data`/,
    );
  } finally {
    await f.cleanup();
  }
});

Deno.test({
  name:
    "loadSantaFe() matches PROVENANCE.md's statistics (needs ANNDL_DATA_DIR: skipped without the real data)",
  ignore: !REAL,
  fn: async () => {
    const { train, test } = await loadSantaFe();
    assert.equal(train.length, 1000);
    assert.equal(test.length, 100);
    assert.deepEqual([...train.subarray(0, 5)], [86, 141, 95, 41, 22]);
    assert.deepEqual([...test.subarray(0, 5)], [72, 178, 122, 36, 14]);
    assert.equal(Math.min(...train), 2);
    assert.equal(Math.max(...train), 255);
    assert.equal(train.reduce((a, b) => a + b) / 1000, 59.894);
    assert.ok(Math.abs(test.reduce((a, b) => a + b) / 100 - 55.21) < 1e-9);
    assert.ok(train.every(Number.isInteger) && test.every(Number.isInteger));
  },
});
