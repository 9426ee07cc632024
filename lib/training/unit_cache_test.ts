import assert from "node:assert/strict";
import { cachedUnit, UNIT_CACHE_ENV } from "./unit_cache.ts";

Deno.test("cachedUnit() computes every time when the cache is off", async () => {
  Deno.env.delete(UNIT_CACHE_ENV);
  let calls = 0;
  const compute = () => Promise.resolve(++calls);
  assert.equal(await cachedUnit({ unit: "a" }, compute), 1);
  assert.equal(await cachedUnit({ unit: "a" }, compute), 2);
});

Deno.test("cachedUnit() reuses a stored result for the same key only", async () => {
  const dir = await Deno.makeTempDir();
  Deno.env.set(UNIT_CACHE_ENV, dir);
  try {
    let calls = 0;
    const compute = () => Promise.resolve({ acc: 0.9, calls: ++calls });
    assert.deepEqual(await cachedUnit({ unit: "adam", seed: 0 }, compute), { acc: 0.9, calls: 1 });
    assert.deepEqual(await cachedUnit({ unit: "adam", seed: 0 }, compute), { acc: 0.9, calls: 1 });
    assert.deepEqual(await cachedUnit({ unit: "adam", seed: 1 }, compute), { acc: 0.9, calls: 2 });
    assert.equal([...Deno.readDirSync(dir)].length, 2);
  } finally {
    Deno.env.delete(UNIT_CACHE_ENV);
  }
});
