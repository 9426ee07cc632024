import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { continuedRandom, randomState, restoreRandom, seededRandom, withSeed } from "./mod.ts";

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

Deno.test("continuedRandom() draws what a seededRandom() would have drawn next", () => {
  const next = seededRandom(7);
  for (let i = 0; i < 5; i++) next();
  const continued = continuedRandom(structuredClone(next.state()));
  const ahead = Array.from({ length: 4 }, () => next());
  assert.deepEqual(Array.from({ length: 4 }, () => continued()), ahead);
  assert.notDeepEqual(ahead, Array.from({ length: 4 }, seededRandom(8)));
});
