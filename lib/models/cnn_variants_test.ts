import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import {
  buildCnnVariant,
  CNN_VARIANT_PARAMS,
  CNN_VARIANTS,
  type CnnVariant,
  cnnVariantLoss,
  trainableParams,
} from "./mod.ts";

await initBackend("cpu");

Deno.test("buildCnnVariant() does give the documented trainable-parameter counts", () => {
  for (const variant of CNN_VARIANTS) {
    const model = buildCnnVariant(variant);
    assert.equal(trainableParams(model), CNN_VARIANT_PARAMS[variant], variant);
    assert.deepEqual(model.outputs[0].shape, [null, 10], variant);
    model.dispose();
  }
});

Deno.test("buildCnnVariant() does end in a linear layer: the output is logits, no softmax", () => {
  for (const variant of CNN_VARIANTS) {
    const model = buildCnnVariant(variant);
    const last = model.layers.at(-1)!.getConfig();
    assert.equal(last.activation, "linear", variant);
    model.dispose();
  }
});

Deno.test("cnnVariantLoss() does keep a gradient for a sample the net is sure is another class", () => {
  // Logits 30 apart: Keras' clipped categoricalCrossentropy reads −log(1e-7) ≈ 16.1 and no gradient.
  const labels = tf.tensor2d([[1, 0]]);
  const logits = tf.tensor2d([[0, 30]]);
  const value = cnnVariantLoss(labels, logits);
  const grad = tf.grad((l: tf.Tensor) => cnnVariantLoss(labels, l))(logits);
  assert.ok(Math.abs(value.dataSync()[0] - 30) < 1e-4, `${value.dataSync()[0]}`);
  const [dTrue, dOther] = grad.dataSync();
  assert.ok(Math.abs(dTrue + 1) < 1e-6 && Math.abs(dOther - 1) < 1e-6, `${dTrue}, ${dOther}`);
  tf.dispose([labels, logits, value, grad]);
});

Deno.test("buildCnnVariant() does follow the course baseline's 28→14→7→4→2 geometry", () => {
  const model = buildCnnVariant("baseline");
  const convShapes = model.layers.filter((l) => l.getClassName() === "Conv2D").map((l) =>
    (l.outputShape as number[]).slice(1)
  );
  assert.deepEqual(convShapes, [[14, 14, 16], [7, 7, 32], [4, 4, 32], [2, 2, 64]]);
  model.dispose();
});

Deno.test("trainableParams() does leave out BatchNorm moving statistics", () => {
  const model = buildCnnVariant("model4");
  // 2·(32 + 64 + 128) moving means and variances are weights but not trainable.
  assert.equal(model.countParams() - trainableParams(model), 448);
  model.dispose();
});

Deno.test("buildCnnVariant() does reject an unknown variant", () => {
  assert.throws(
    () => buildCnnVariant("model9" as CnnVariant),
    {
      message:
        "Unknown CNN variant model9: valid variants are baseline, model1, model2, model3, model4, model5",
    },
  );
});
