import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { expectNoLeak, initBackend } from "../backend/mod.ts";
import {
  buildStackedAutoencoder,
  disposeStackedAutoencoder,
  stackedClassifierParams,
} from "./mod.ts";

await initBackend("cpu");

Deno.test("stackedClassifierParams() does count encoders and head of the built classifier", () => {
  for (const hidden of [[256, 64], [256, 10], [512, 128], [512, 256, 64], [512]]) {
    const net = buildStackedAutoencoder(hidden);
    assert.equal(net.classifier.countParams(), stackedClassifierParams(hidden));
    disposeStackedAutoencoder(net);
  }
  assert.equal(stackedClassifierParams([512]), 784 * 512 + 512 + 512 * 10 + 10);
});

Deno.test("buildStackedAutoencoder() does share encoders between autoencoders and classifier", () => {
  const net = buildStackedAutoencoder([6, 3], { inputSize: 8, classes: 2 });
  assert.deepEqual(net.autoencoders.map((ae) => ae.outputs[0].shape), [[null, 8], [null, 6]]);
  assert.deepEqual(net.codeModels.map((m) => m.outputs[0].shape), [[null, 6], [null, 3]]);
  assert.deepEqual(net.classifier.outputs[0].shape, [null, 2]);
  // Changing the first autoencoder's encoder changes the classifier's first layer.
  const kernel = net.encoders[0].getWeights()[0];
  net.autoencoders[0].layers[1].setWeights([tf.onesLike(kernel), tf.zeros([6])]);
  const shared = net.classifier.getLayer("encoder_0").getWeights()[0];
  assert.equal(shared.sum().dataSync()[0], 48);
  disposeStackedAutoencoder(net);
});

Deno.test("disposeStackedAutoencoder() does free every weight once", async () => {
  await expectNoLeak("stacked autoencoder", () => {
    disposeStackedAutoencoder(buildStackedAutoencoder([16, 8, 4], { inputSize: 20 }));
  });
});

Deno.test("buildStackedAutoencoder() does reject empty or fractional widths", () => {
  assert.throws(
    () => buildStackedAutoencoder([]),
    { message: "Hidden widths must be one or more positive integers: got []" },
  );
  assert.throws(
    () => buildStackedAutoencoder([12.5]),
    { message: "Hidden widths must be one or more positive integers: got [12.5]" },
  );
});
