import assert from "node:assert/strict";
import { makeSurface } from "./mod.ts";

Deno.test("makeSurface() samples sin(0.8 r²)/r^1.8 on the 40×40 grid over [-3, 3]²", () => {
  const s = makeSurface();
  assert.equal(s.count, 1600);
  assert.equal(s.inputs.length, 3200);
  assert.deepEqual([...s.inputs.slice(0, 4)], [-3, -3, -3 + 6 / 39, -3].map(Math.fround));
  // The last point is (3, 3): r² = 18.
  assert.ok(Math.abs(s.clean[1599] - Math.sin(14.4) / 18 ** 0.9) < 1e-6);
  // A point nearest the origin, (−3/39, −3/39) at row 19, column 19: r² = 2·(3/39)².
  const r2 = 2 * (3 / 39) ** 2;
  assert.ok(Math.abs(s.clean[19 * 40 + 19] - Math.sin(0.8 * r2) / r2 ** 0.9) < 1e-6);
  assert.ok(Math.abs(s.inputs[2 * (19 * 40 + 19)] + 3 / 39) < 1e-6);
  assert.deepEqual(s.noisy, s.clean);
});

Deno.test("makeSurface() adds seeded N(0, σ²) noise to the training targets only", () => {
  const a = makeSurface({ noise: 0.5, seed: 3 });
  const b = makeSurface({ noise: 0.5, seed: 3 });
  const c = makeSurface({ noise: 0.5, seed: 4 });
  assert.deepEqual(a.noisy, b.noisy);
  assert.notDeepEqual(a.noisy, c.noisy);
  assert.deepEqual(a.clean, makeSurface().clean);
  const residuals = a.noisy.map((v, i) => v - a.clean[i]);
  const mean = residuals.reduce((s, v) => s + v, 0) / a.count;
  const std = Math.sqrt(residuals.reduce((s, v) => s + (v - mean) ** 2, 0) / a.count);
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.5) < 0.03, `std ${std}`);
});

Deno.test("makeSurface() refuses a negative noise level", () => {
  assert.throws(() => makeSurface({ noise: -1 }), {
    message: "Noise level must be at least 0: got -1",
  });
});

Deno.test("makeSurface() refuses an odd grid, which would contain the origin", () => {
  assert.throws(() => makeSurface({ grid: 41 }), {
    message: "Grid must be an even integer of at least 2: got 41",
  });
});
