import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { randomState, restoreRandom, withSeed } from "./mod.ts";

Deno.test("randomState() and restoreRandom() continue the seeded stream, tf draws included", async () => {
  await tf.setBackend("cpu");
  const [first, again] = await withSeed(4, async () => {
    Math.random();
    const state = randomState()!;
    const draw = async () => [Math.random(), ...(await tf.tidy(() => tf.randomNormal([3])).data())];
    const first = await draw();
    restoreRandom(state);
    return [first, await draw()];
  });
  assert.deepEqual(again, first);
  assert.equal(randomState(), undefined);
});
