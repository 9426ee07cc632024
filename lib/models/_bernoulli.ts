import * as tf from "@tensorflow/tfjs";

/**
 * Draw binary samples with success probabilities `p`, using uniforms from `next` so that a seeded
 * generator makes every chain repeatable. Call inside `tf.tidy`.
 *
 * @param p Probabilities in [0, 1], any shape.
 * @param next A uniform generator on [0, 1).
 * @returns 0/1 float32 samples of `p`'s shape.
 */
export function bernoulli<R extends tf.Rank>(p: tf.Tensor<R>, next: () => number): tf.Tensor<R> {
  const uniforms = new Float32Array(p.size);
  for (let i = 0; i < uniforms.length; i++) uniforms[i] = next();
  return tf.cast(tf.less(tf.tensor(uniforms, p.shape, "float32"), p), "float32") as tf.Tensor<R>;
}
