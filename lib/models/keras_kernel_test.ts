import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import {
  buildCnnVariant,
  buildMnistCnn,
  buildRegressionNet,
  buildSantaFeLstm,
  buildSantaFeMlp,
  buildVit,
  CNN_VARIANTS,
} from "./mod.ts";

await initBackend("cpu");

/** The models that stand for a Keras one with default kernels (tfjs' own default differs). */
const KERAS_MODELS: Record<string, () => tf.LayersModel> = {
  regressionNet: () => buildRegressionNet(),
  santaFeMlp: () => buildSantaFeMlp(5, 4),
  santaFeLstm: () => buildSantaFeLstm(5, 4),
  vit: () => buildVit({ dim: 8, depth: 2, heads: 2, mlpDim: 16 }),
  mnistCnn: () => buildMnistCnn(),
  ...Object.fromEntries(CNN_VARIANTS.map((v) => [`cnn ${v}`, () => buildCnnVariant(v)])),
};

Deno.test("the Keras-standing models do start every dense and conv kernel from Glorot uniform", () => {
  for (const [name, build] of Object.entries(KERAS_MODELS)) {
    const model = build();
    const kernels = model.layers.filter((layer) =>
      ["Dense", "Conv2D"].includes(layer.getClassName())
    );
    assert.ok(kernels.length > 0, name);
    for (const layer of kernels) {
      // Serialised as the variance scaling it is: scale 1 over the fans' mean, uniform (tfjs'
      // default glorotNormal has distribution "normal").
      const init = layer.getConfig().kernelInitializer as { config: Record<string, unknown> };
      const { scale, mode, distribution } = init.config;
      assert.deepEqual(
        { scale, mode, distribution },
        { scale: 1, mode: "fanAvg", distribution: "uniform" },
        `${name} ${layer.name}`,
      );
    }
    model.dispose();
  }
});
