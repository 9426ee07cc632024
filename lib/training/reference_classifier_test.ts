import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import {
  loadReferenceClassifier,
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
      const loaded = await loadReferenceClassifier(dir);
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
    await assert.rejects(() => loadReferenceClassifier(dir), {
      message: `Cached classifier ${dir}/weights.bin has 8 bytes: expected 139304`,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
