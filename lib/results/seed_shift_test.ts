import assert from "node:assert/strict";
import { rankSumTest, RECORD_KEYS, type ResultRecord, seedShifts, seedShiftText } from "./mod.ts";

// SciPy 1.x `mannwhitneyu(x, y, method="asymptotic")` on the same samples.
Deno.test("rankSumTest() does give SciPy's asymptotic Mann-Whitney p-values", () => {
  const cases: [number[], number[], number, number][] = [
    [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.012185780355344813],
    [[1, 2, 2, 7, 9], [2, 5, 6, 8, 3], 10, 0.6723358083659552], // a tie across the samples
  ];
  for (const [x, y, u, p] of cases) {
    const test = rankSumTest(x, y);
    assert.equal(test.u, u);
    assert.ok(Math.abs(test.p - p) < 1e-6, `p ${test.p}, SciPy ${p}`);
  }
  assert.deepEqual(rankSumTest([1, 2, 3], [1, 2, 3]), { u: 4.5, p: 1 }); // two groups of ties
  assert.equal(rankSumTest([2, 2], [2, 2]).p, 1);
  assert.throws(() => rankSumTest([], [1]), RangeError);
});

function recordOf(
  suite: Record<string, number[]>,
  twin: Record<string, number[]>,
  seeds: number,
): ResultRecord {
  const base = Object.fromEntries(RECORD_KEYS.map((key) => [key, null]));
  const summary = (values: number[]) => ({ mean: values[0], values });
  const ids = Array.from({ length: seeds }, (_, i) => i);
  return {
    ...base,
    claim: "2.2.3-lstm-beats-mlp",
    scale: "quick",
    seeds: ids,
    metrics: Object.fromEntries(Object.entries(suite).map(([k, v]) => [k, summary(v)])),
    peer: {
      framework: "pytorch",
      seeds: ids,
      metrics: Object.fromEntries(Object.entries(twin).map(([k, v]) => [k, summary(v)])),
    },
  } as never;
}

// The 2.2.3 quick MLP's closed-loop MSEs, TF.js against PyTorch (10 seeds each).
const MLP_SUITE = [4290.7, 3980.7, 444.9, 6047.9, 204.3, 4833.3, 4744.1, 3216.6, 1077.3, 4807.9];
const MLP_TWIN = [4507.5, 2403.7, 6813.2, 2003.5, 4944.1, 1647.2, 1089.8, 2778.3, 3975.2, 603.2];

Deno.test("seedShifts() does test the per-seed metrics only, and says when none differ", () => {
  const record = recordOf(
    { mlpMse: MLP_SUITE, lstmOverMlp: [-0.06], nan: MLP_SUITE.map(() => NaN) },
    { mlpMse: MLP_TWIN, lstmOverMlp: [0.11], nan: MLP_SUITE.map(() => NaN) },
    10,
  );
  const shifts = seedShifts(record);
  assert.deepEqual(shifts.map((s) => s.metric), ["mlpMse"]); // one value or none finite: left out
  assert.ok(Math.abs(shifts[0].p - 0.7913367801006604) < 1e-6);
  assert.equal(shifts[0].suiteMedian, (3980.7 + 4290.7) / 2);
  assert.equal(
    seedShiftText(record),
    "per seed, no metric differs between the frameworks (rank-sum mlpMse p = 0.79; 10 and 10 " +
      "seeds): the verdicts part within seed noise",
  );
});

Deno.test("seedShiftText() does name the metrics whose seeds differ", () => {
  const shifted = MLP_SUITE.map((v) => v + 10_000);
  const record = recordOf({ a: MLP_SUITE, b: shifted }, { a: MLP_TWIN, b: MLP_TWIN }, 10);
  assert.equal(
    seedShiftText(record),
    "per seed, 1 of 2 metrics differ between the frameworks (rank-sum b p = 0.00; 10 and 10 seeds)",
  );
});

Deno.test("seedShifts() does leave out metrics with fewer than five seeds a side", () => {
  const record = recordOf({ a: [1, 2, 3] }, { a: [4, 5, 6] }, 3);
  assert.deepEqual(seedShifts(record), []);
  assert.equal(seedShiftText(record), "");
  assert.deepEqual(seedShifts({ ...record, peer: undefined } as never), []);
});
