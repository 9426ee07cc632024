import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { Adadelta, createOptimizer, type Lbfgs, optimizerLabel } from "./mod.ts";

Deno.test("createOptimizer() builds each kind and refuses a zero learning rate", async () => {
  await initBackend("cpu");
  assert.ok(createOptimizer({ kind: "sgd", lr: 0.05 }) instanceof tf.SGDOptimizer);
  assert.ok(
    createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true }) instanceof
      tf.MomentumOptimizer,
  );
  assert.ok(createOptimizer({ kind: "adam", lr: 1e-3 }) instanceof tf.AdamOptimizer);
  const adadelta = createOptimizer({ kind: "adadelta", lr: 1 });
  assert.ok(adadelta instanceof Adadelta);
  assert.equal(adadelta.getConfig().learningRate, 1);
  const lbfgs = createOptimizer({ kind: "lbfgs", lr: 1 }) as Lbfgs;
  assert.equal(lbfgs.options.maxIter, 1);
  assert.equal(lbfgs.options.lineSearch, "strong_wolfe");
  assert.equal(
    optimizerLabel({ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true }),
    "sgd 0.1 nesterov 0.9",
  );
  assert.throws(() => createOptimizer({ kind: "adam", lr: 0 }), {
    message: "Learning rate of adam must be positive: got 0",
  });
});

Deno.test("createOptimizer() gives a momentum optimizer that frees all its tensors", async () => {
  await initBackend("cpu");
  const w = tf.tidy(() => tf.variable(tf.scalar(1)));
  const before = tf.memory().numTensors;
  const optimizer = createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true });
  (optimizer as tf.Optimizer).minimize(() => w.square() as tf.Scalar);
  (optimizer as tf.Optimizer).dispose();
  assert.equal(tf.memory().numTensors, before);
  w.dispose();
});
