import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { mnistSubset } from "./_mnist_subset.ts";

await initBackend("cpu");

const REAL = Deno.env.get("ANNDL_DATA_DIR");

Deno.test({
  name: "mnistSubset() does draw the same images for the same seed and others for another",
  ignore: !REAL,
  async fn() {
    const a = await mnistSubset("test", 50, { flat: true, seed: 3 });
    const b = await mnistSubset("test", 50, { flat: true, seed: 3 });
    const c = await mnistSubset("test", 50, { flat: true, seed: 4 });
    assert.deepEqual(a.x.shape, [50, 784]);
    assert.deepEqual(await a.x.data(), await b.x.data());
    assert.notDeepEqual(await a.y.data(), await c.y.data());
    const max = tf.tidy(() => a.x.max().dataSync()[0]);
    assert.ok(max <= 1 && max > 0.9);
    assert.deepEqual(tf.tidy(() => a.y.sum(1).dataSync()), new Float32Array(50).fill(1));
    tf.dispose([a.x, a.y, b.x, b.y, c.x, c.y]);
  },
});

Deno.test({
  name: "mnistSubset() does keep file order for the whole split and reject bad sizes",
  ignore: !REAL,
  async fn() {
    const all = await mnistSubset("test", 10_000);
    assert.deepEqual(all.x.shape, [10_000, 28, 28, 1]);
    // The first test digit of the MNIST file is a 7.
    assert.equal(tf.tidy(() => all.y.slice([0, 0], [1, 10]).argMax(1).dataSync()[0]), 7);
    tf.dispose([all.x, all.y]);
    await assert.rejects(
      () => mnistSubset("test", 10_001),
      { message: "Subset size must be an integer from 1 to 10000 for MNIST test: got 10001" },
    );
  },
});
