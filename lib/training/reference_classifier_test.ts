import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { loadMnist, mnistTensors } from "../data/mod.ts";
import {
  loadReferenceClassifier,
  REFERENCE_CLASSIFIER_FIXTURE,
  REFERENCE_CLASSIFIER_TRAINING,
  referenceClassifierInfo,
  saveReferenceClassifier,
  trainReferenceClassifier,
} from "./mod.ts";

Deno.test({
  name: "saveReferenceClassifier() writes a model loadReferenceClassifier() reads back unchanged",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("wasm");
    const dir = await Deno.makeTempDir();
    try {
      const { model, testAccuracy } = await trainReferenceClassifier({
        epochs: 1,
        trainImages: 512,
        testImages: 500,
        batchSize: 64,
      });
      assert.ok(testAccuracy > 0.3 && testAccuracy <= 1, `accuracy ${testAccuracy}`);
      // Saved as if by the defaults, so that loading takes it instead of training again.
      const trainedWith = { ...REFERENCE_CLASSIFIER_TRAINING };
      await saveReferenceClassifier(model, { testAccuracy, trainedWith }, dir);
      assert.equal((await referenceClassifierInfo(dir))?.testAccuracy, testAccuracy);
      const loaded = await loadReferenceClassifier(dir, { shipped: false });
      const before = tf.memory().numTensors;
      const x = tf.randomUniform([4, 28, 28, 1]);
      const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
      const [da, db] = [await a.data(), await b.data()];
      const diff = Math.max(...da.map((v, i) => Math.abs(v - db[i])));
      assert.ok(diff < 1e-6, `predictions differ by ${diff}`);
      assert.deepEqual(b.shape, [4, 10]);
      tf.dispose([x, a, b]);
      assert.equal(tf.memory().numTensors, before);
      model.dispose();
      loaded.dispose();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("referenceClassifierInfo() is undefined for an empty folder", async () => {
  const dir = await Deno.makeTempDir();
  assert.equal(await referenceClassifierInfo(dir), undefined);
  await Deno.remove(dir);
});

Deno.test("loadReferenceClassifier() refuses a truncated weights file", async () => {
  await initBackend("wasm");
  const dir = await Deno.makeTempDir();
  try {
    const model = (await import("../models/mod.ts")).buildMnistCnn();
    const trainedWith = { ...REFERENCE_CLASSIFIER_TRAINING };
    await saveReferenceClassifier(model, { testAccuracy: 0, trainedWith }, dir);
    model.dispose();
    await Deno.writeFile(`${dir}/weights.bin`, new Uint8Array(8));
    await assert.rejects(() => loadReferenceClassifier(dir, { shipped: false }), {
      message: `Saved classifier ${dir}/weights.bin has 8 bytes: expected 139304`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name:
    "loadReferenceClassifier() does take the shipped classifier, trained by the defaults, 98% right on the test split",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("wasm");
    const info = await referenceClassifierInfo(REFERENCE_CLASSIFIER_FIXTURE);
    assert.deepEqual(info?.trainedWith, { ...REFERENCE_CLASSIFIER_TRAINING });
    assert.ok((info?.testAccuracy ?? 0) >= 0.98, `recorded accuracy ${info?.testAccuracy}`);
    // An empty cache folder: the model must come from the fixture, not from training.
    const dir = await Deno.makeTempDir();
    try {
      const model = await loadReferenceClassifier(dir);
      assert.equal(model.countParams(), 34_826);
      const test = await loadMnist("test");
      const { x, y } = mnistTensors(test, { count: 10_000 });
      const right = tf.tidy(() =>
        tf.equal(tf.argMax(model.predict(x) as tf.Tensor, 1), tf.argMax(y, 1)).sum().arraySync()
      ) as number;
      // The accuracy it records is what it scores on the 10,000 test images.
      assert.ok(right / 10_000 >= 0.98, `test accuracy ${right / 10_000}`);
      assert.ok(Math.abs(right / 10_000 - info!.testAccuracy) < 1e-6, `${right} right of 10,000`);
      assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing trained into the cache");
      tf.dispose([x, y]);
      model.dispose();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
