import * as tf from "@tensorflow/tfjs";

/** What a compiled tfjs-layers model keeps for its training function (private in its types). */
interface CompiledModel {
  lossFunctions?: ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)[];
  collectedTrainableWeights?: { read(): tf.Variable }[];
  calculateLosses(): tf.Scalar[];
}

/** The model holding the compiled state: a `Sequential` keeps it in its inner model. */
function compiledCore(model: tf.LayersModel): CompiledModel | undefined {
  const inner = model instanceof tf.Sequential
    ? (model as unknown as { model?: tf.LayersModel }).model // built on compile
    : model;
  return inner as unknown as CompiledModel | undefined;
}

/**
 * One training step of a compiled single-output model on one batch, without `trainOnBatch`'s
 * input standardisation and loss read-back: one `tf.variableGrads` for the forward pass (layers
 * in training mode, so dropout is on) and the backward pass, then one `optimizer.applyGradients`
 * (with `FusedAdam`, one kernel call for all variables). The loss is Keras': the compiled loss
 * averaged over the batch, plus the layers' regularisation losses, in the order
 * `model.trainOnBatch` adds them, so the losses and weights are the same as `trainOnBatch`'s.
 *
 * @param model A model compiled with one loss and one output.
 * @param batch Inputs `[batch, ...]` and targets `[batch, ...]`.
 * @returns The batch's loss before the update; the caller disposes it.
 * @throws {Error} When the model is not compiled or has several outputs.
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
 * model.compile({ optimizer: new FusedAdam(1e-3), loss: "meanSquaredError" });
 * const loss = trainStep(model, [tf.ones([4, 2]), tf.zeros([4, 1])]);
 * (await loss.data())[0]; // the loss
 * loss.dispose();
 * ```
 */
export function trainStep(model: tf.LayersModel, batch: [tf.Tensor, tf.Tensor]): tf.Scalar {
  const core = compiledCore(model);
  const lossFunction = core?.lossFunctions?.[0];
  if (!core?.collectedTrainableWeights || !lossFunction || !model.optimizer) {
    throw new Error(`Model ${model.name} must be compiled before trainStep`);
  }
  if (model.outputs.length !== 1) {
    throw new Error(
      `Expected a model with one output for trainStep: ${model.name} has ${model.outputs.length}`,
    );
  }
  const [x, y] = batch;
  const variables = core.collectedTrainableWeights.map((w) => w.read());
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const output = model.apply(x, { training: true }) as tf.Tensor;
      let loss = tf.mean(lossFunction(y, output)) as tf.Scalar;
      for (const penalty of core.calculateLosses()) loss = tf.add(loss, penalty);
      return loss;
    }, variables);
    model.optimizer.applyGradients(variables.map((v) => ({ name: v.name, tensor: grads[v.name] })));
    return value;
  });
}
