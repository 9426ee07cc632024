import assert from "node:assert/strict";
import { DataError, loadRegression, parseNumberCsv } from "./mod.ts";
import { fixtureDir, put, regressionCsv } from "./_test_fixtures.ts";

const REAL = Deno.env.get("ANNDL_DATA_DIR");

function throwsData(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (error: Error) => {
    assert.ok(error instanceof DataError, `expected DataError, got ${error.name}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes("\n"), "message is one line");
    return true;
  });
}

const SHAPE = { rows: 2, columns: 3 };

Deno.test("parseNumberCsv() reads rows of numbers", () => {
  assert.deepEqual(parseNumberCsv("1,2,3\r\n-4,5e-1, .5\n", { file: "t.csv", ...SHAPE }), [
    new Float64Array([1, 2, 3]),
    new Float64Array([-4, 0.5, 0.5]),
  ]);
});

Deno.test("parseNumberCsv() rejects a short row", () => {
  throwsData(
    () => parseNumberCsv("1,2,3\n4,5\n", { file: "/d/regression/data.csv", ...SHAPE }),
    /^Bad data file \/d\/regression\/data\.csv: row 2 has 2 columns, expected 3; run `deno task data`/,
  );
});

Deno.test("parseNumberCsv() rejects a field that is not a number", () => {
  throwsData(
    () => parseNumberCsv("1,2,3\n4,NaN,6\n", { file: "t.csv", ...SHAPE }),
    /^Bad data file t\.csv: row 2, column 2 is not a number: "NaN"; /,
  );
  throwsData(
    () => parseNumberCsv("1,,3\n4,5,6\n", { file: "t.csv", ...SHAPE }),
    /row 1, column 2 is not a number: ""/,
  );
});

Deno.test("parseNumberCsv() rejects a wrong number of rows", () => {
  throwsData(
    () => parseNumberCsv("1,2,3\n", { file: "t.csv", ...SHAPE }),
    /t\.csv: expected 2 rows, got 1; /,
  );
  throwsData(
    () => parseNumberCsv("1,2,3\n4,5,6\n7,8,9\n", { file: "t.csv", ...SHAPE }),
    /t\.csv: expected 2 rows, got a row 3; /,
  );
  throwsData(
    () => parseNumberCsv("1,2,3\n\n4,5,6\n", { file: "t.csv", ...SHAPE }),
    /row 2 has 1 columns, expected 3/,
  );
});

Deno.test("parseNumberCsv() rejects broken CSV syntax", () => {
  throwsData(
    () => parseNumberCsv('1,"2,3\n4,5,6\n', { file: "t.csv", ...SHAPE }),
    /^Bad data file t\.csv: not valid CSV \(.*\); /,
  );
});

Deno.test("loadRegression() splits the rows into inputs and five targets", async () => {
  const f = await fixtureDir();
  try {
    await put(f.dir, "regression/data.csv", regressionCsv(4));
    const data = await loadRegression({ roots: f.roots, points: 4 });
    assert.deepEqual(data.x1, new Float64Array([0.1, 0.101, 0.102, 0.103]));
    assert.equal(data.x2[0], 0.2);
    assert.equal(data.targets.length, 5);
    assert.deepEqual(data.targets.map((t) => t[0]), [0.3, 0.4, 0.5, 0.6, 0.7]);
    await assert.rejects(
      loadRegression({ roots: f.roots }),
      /^DataError: Bad data file .*regression\/data\.csv: row 1 has 4 columns, expected 13600; /,
    );
  } finally {
    await f.cleanup();
  }
});

Deno.test("loadRegression() names a missing file and how to get it", async () => {
  const f = await fixtureDir();
  try {
    await assert.rejects(
      loadRegression({ roots: f.roots }),
      /^DataError: Data file regression\/data\.csv is missing \(looked in .*\): run `deno task data`/,
    );
  } finally {
    await f.cleanup();
  }
});

Deno.test({
  name:
    "loadRegression() matches PROVENANCE.md's ranges (needs ANNDL_DATA_DIR: skipped without the real data)",
  ignore: !REAL,
  fn: async () => {
    const { x1, x2, targets } = await loadRegression();
    const range = (a: Float64Array) => [Math.min(...a), Math.max(...a)];
    assert.equal(x1.length, 13600);
    assert.ok(targets.every((t) => t.length === 13600));
    assert.deepEqual(range(x1), [0.000253, 0.999941]);
    assert.deepEqual(range(x2).map((v) => Number(v.toFixed(5))), [0.00044, 0.99994]);
    const ranges = targets.map((t) => range(t).map((v) => Number(v.toPrecision(3))));
    assert.deepEqual(ranges[0], [0.0252, 5.25]);
    assert.deepEqual(ranges[1], [0.0787, 8.47]);
  },
});
