import assert from "node:assert/strict";
import { fitZScore, slidingWindows, timeSeriesSplit } from "./mod.ts";

Deno.test("fitZScore() does the mean and the population std", () => {
  assert.deepEqual(fitZScore(Float64Array.of(1, 3)), { mean: 2, std: 1 });
  const { mean, std } = fitZScore([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(mean, 5);
  assert.ok(Math.abs(std - 2) < 1e-12);
});

Deno.test("fitZScore() rejects an empty or constant series", () => {
  assert.throws(() => fitZScore([]), { message: "Series must have at least one value: got 0" });
  assert.throws(() => fitZScore([3, 3]), {
    message: "Series must vary to be z-scored: all 2 values equal",
  });
});

Deno.test("slidingWindows() does every window with the next value as target", () => {
  const w = slidingWindows(Float64Array.of(1, 2, 3, 4, 5), 3);
  assert.equal(w.count, 2);
  assert.deepEqual(Array.from(w.inputs), [1, 2, 3, 2, 3, 4]);
  assert.deepEqual(Array.from(w.targets), [4, 5]);
});

Deno.test("slidingWindows() rejects a lag outside the series", () => {
  assert.throws(() => slidingWindows([1, 2, 3], 3), {
    message: "Lag must be an integer in [1, 2] for a series of 3: got 3",
  });
});

Deno.test("timeSeriesSplit() does scikit-learn's expanding folds with a gap", () => {
  // sklearn: TimeSeriesSplit(n_splits=3, test_size=2, gap=1) on 10 samples gives
  // train [0..2] val [4, 5]; train [0..4] val [6, 7]; train [0..6] val [8, 9].
  assert.deepEqual(timeSeriesSplit(10, { folds: 3, valSize: 2, gap: 1 }), [
    { trainEnd: 3, valStart: 4, valEnd: 6 },
    { trainEnd: 5, valStart: 6, valEnd: 8 },
    { trainEnd: 7, valStart: 8, valEnd: 10 },
  ]);
});

Deno.test("timeSeriesSplit() rejects folds that leave no training sample", () => {
  assert.throws(() => timeSeriesSplit(10, { folds: 3, valSize: 3, gap: 1 }), {
    message: "Too few samples for 3 folds of 3 with gap 1: need more than 10, got 10",
  });
});
