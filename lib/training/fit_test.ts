import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  initBackend,
  type RandomState,
  randomState,
  restoreRandom,
  withSeed,
} from "../backend/mod.ts";
import { Adadelta, FusedAdam } from "../optimizers/mod.ts";
import { fit, type FitCheckpoint, type FitOptions, type FitState } from "./fit.ts";

const OPTIMIZERS: Record<string, () => tf.Optimizer> = {
  adam: () => new FusedAdam(0.01),
  sgd: () => tf.train.sgd(0.05),
  adadelta: () => new Adadelta(1, 0.95, 1e-7),
};

/** A state as a checkpoint file gives it back, and Math.random where it stood. */
interface Kept {
  state: FitState;
  random: RandomState;
}

/**
 * Five epochs of a small net with dropout, shuffling, a validation split and early stopping
 * (patience large enough to run all five, best weights restored), from `kept` when given.
 */
function train(
  optimizer: string,
  checkpoint?: { kept?: Kept; onSave?: (kept: Kept) => void },
) {
  return withSeed(3, async () => {
    const x = tf.randomNormal([48, 4]);
    const y = tf.randomNormal([48, 2]);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 12, activation: "relu" }),
        tf.layers.dropout({ rate: 0.25 }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const made = OPTIMIZERS[optimizer]();
    model.compile({ optimizer: made, loss: "meanSquaredError" });
    if (checkpoint?.kept) restoreRandom(checkpoint.kept.random);
    const store: FitCheckpoint | undefined = checkpoint && {
      saved: checkpoint.kept?.state,
      save: async (state) => {
        checkpoint.onSave?.({ state: structuredClone(await state()), random: randomState()! });
      },
    };
    const options: FitOptions = {
      epochs: 5,
      batchSize: 8,
      label: "tiny",
      validationSplit: 0.25,
      earlyStopping: { patience: 10, monitor: "val_loss" },
      checkpoint: store,
    };
    try {
      const result = await fit(model, x, y, options);
      const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
      return { curves: result.curves, weights, bestEpoch: result.bestEpoch };
    } finally {
      tf.dispose([x, y]);
      made.dispose();
      model.dispose();
    }
  });
}

for (const optimizer of Object.keys(OPTIMIZERS)) {
  Deno.test(`fit() with a checkpoint trains as one call and resumes as never cut (${optimizer})`, async () => {
    await initBackend("wasm");
    const plain = await train(optimizer);
    const saves: Kept[] = [];
    const checkpointed = await train(optimizer, { onSave: (kept) => saves.push(kept) });
    assert.deepEqual(checkpointed, plain);
    assert.deepEqual(saves.map((k) => k.state.epochs), [1, 2, 3, 4, 5]);
    const before = tf.memory().numTensors;
    // Cut after every epoch in turn: the best weights of early stopping come back too.
    for (const kept of saves) {
      const resumed = await train(optimizer, { kept });
      assert.deepEqual(resumed, plain, `resumed after epoch ${kept.state.epochs}`);
    }
    assert.equal(tf.memory().numTensors, before);
  });
}
