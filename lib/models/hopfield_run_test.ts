import assert from "node:assert/strict";
import { seededRandom } from "../backend/mod.ts";
import { designHopfield, hopfieldEnergy, runHopfield } from "./mod.ts";

const NET_2D = designHopfield([[1, 1], [-1, -1], [1, -1]]);
const NET_3D = designHopfield([[1, 1, 1], [-1, -1, 1], [1, -1, -1]]);

Deno.test("runHopfield() does the report's 2-D starts to the spurious [-1, 1]", () => {
  for (const start of [[-0.23, 0.33], [-0.83, 0.11], [-0.70, 0.82]]) {
    assert.deepEqual(Array.from(runHopfield(NET_2D, start).state), [-1, 1]);
  }
});

Deno.test("runHopfield() does the report's 3-D symmetric starts to two decimals", () => {
  const round = (a: Float64Array) => Array.from(a, (x) => Math.round(x * 100) / 100);
  assert.deepEqual(round(runHopfield(NET_3D, [-0.1, -0.1, -0.1]).state), [-0.06, -1, -0.06]);
  assert.deepEqual(round(runHopfield(NET_3D, [-0.5, -0.5, -0.5]).state), [-0.06, -1, -0.06]);
  assert.deepEqual(round(runHopfield(NET_3D, [-0.5, 0.5, -0.5]).state), [0.37, -0.37, 0.37]);
});

Deno.test("runHopfield() does count e^0.15 growth steps until saturation", () => {
  // 0.5·e^(0.15k) ≥ 1 first at k = 5; the sixth update changes nothing and is not counted.
  const run = runHopfield(NET_2D, [0.5, 0.5]);
  assert.equal(run.iterations, 5);
  assert.equal(run.converged, true);
  assert.equal(run.energy.length, 6);
});

Deno.test("runHopfield() does keep stored patterns fixed with zero iterations", () => {
  for (const p of NET_3D.patterns) {
    const run = runHopfield(NET_3D, p);
    assert.equal(run.iterations, 0);
    assert.deepEqual(Array.from(run.state), Array.from(p));
  }
});

Deno.test("runHopfield() does lower the energy along the way", () => {
  const run = runHopfield(NET_3D, [0.2, -0.4, 0.1], { mode: "async", random: seededRandom(1) });
  for (let k = 1; k < run.energy.length; k++) assert.ok(run.energy[k] <= run.energy[k - 1] + 1e-12);
  assert.equal(run.energy[run.energy.length - 1], hopfieldEnergy(NET_3D, run.state));
});

Deno.test("runHopfield() does stop at maxIterations", () => {
  const run = runHopfield(NET_2D, [0.01, 0.01], { maxIterations: 3, keepTrajectory: true });
  assert.equal(run.converged, false);
  assert.equal(run.iterations, 3);
  assert.equal(run.trajectory?.length, 4);
});

Deno.test("runHopfield() rejects a wrong start size and async without randomness", () => {
  assert.throws(() => runHopfield(NET_2D, [0]), {
    message: "Start state must have 2 entries: got 1",
  });
  assert.throws(() => runHopfield(NET_2D, [0, 0], { mode: "async" }), {
    message: "Asynchronous updates need a random source: got none",
  });
});
