import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import {
  buildRegressionNet,
  buildSurfaceMlp,
  REGRESSION_NET_PARAMS,
  surfaceMlpParams,
} from "./mod.ts";

Deno.test("buildSurfaceMlp() builds 2-w-w-1 with surfaceMlpParams(w) parameters", async () => {
  await initBackend("cpu");
  for (const width of [10, 50, 500]) {
    const model = buildSurfaceMlp(width);
    assert.equal(model.countParams(), surfaceMlpParams(width));
    assert.deepEqual(model.outputShape, [null, 1]);
    model.dispose();
  }
  assert.equal(surfaceMlpParams(50), 2751);
});

Deno.test("buildSurfaceMlp() starts weights uniform on ±1/√fan_in as PyTorch", async () => {
  await initBackend("cpu");
  const model = buildSurfaceMlp(50);
  const kernel = model.layers[1].getWeights()[0].dataSync();
  const bound = 1 / Math.sqrt(50);
  assert.ok(kernel.every((v) => Math.abs(v) <= bound));
  assert.ok(Math.max(...kernel.map(Math.abs)) > 0.9 * bound);
  model.dispose();
});

Deno.test("buildSurfaceMlp() refuses a width of 0", () => {
  assert.throws(() => buildSurfaceMlp(0), { message: "Width must be a positive integer: got 0" });
});

Deno.test("buildRegressionNet() has six hidden layers and REGRESSION_NET_PARAMS parameters", async () => {
  await initBackend("cpu");
  const model = buildRegressionNet();
  assert.equal(model.countParams(), REGRESSION_NET_PARAMS);
  assert.equal(model.layers.length, 7);
  model.dispose();
});
