import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { createOptimizer, type Lbfgs, optimizerLabel } from "./mod.ts";

Deno.test("createOptimizer() builds each kind and refuses a zero learning rate", () => {
  assert.ok(createOptimizer({ kind: "sgd", lr: 0.05 }) instanceof tf.SGDOptimizer);
  assert.ok(
    createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true }) instanceof
      tf.MomentumOptimizer,
  );
  assert.ok(createOptimizer({ kind: "adam", lr: 1e-3 }) instanceof tf.AdamOptimizer);
  const adadelta = createOptimizer({ kind: "adadelta", lr: 1 });
  assert.equal((adadelta as tf.AdadeltaOptimizer).getConfig().learningRate, 1);
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
