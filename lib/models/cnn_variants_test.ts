import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import {
  buildCnnVariant,
  CNN_VARIANT_PARAMS,
  CNN_VARIANTS,
  type CnnVariant,
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
