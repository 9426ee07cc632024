import * as tf from "@tensorflow/tfjs";

/** The result of {@linkcode scaledDotProductAttention}. */
export interface AttentionResult {
  /** `[..., N, dv]`: each query's weighted sum of values. */
  output: tf.Tensor;
  /** `[..., N, M]`: attention weights; each row sums to 1. */
  weights: tf.Tensor;
}

/**
 * Scaled dot-product attention (Vaswani et al. 2017, eq. 1): A = softmax(QKᵀ/√dk), Y = AV.
 *
 * @param q Queries `[..., N, dk]`.
 * @param k Keys `[..., M, dk]`.
 * @param v Values `[..., M, dv]`.
 * @returns The output and the weights; the caller disposes both.
 * @example
 * ```ts
 * const q = tf.ones([1, 2, 4]);
 * const { output, weights } = scaledDotProductAttention(q, q, tf.ones([1, 2, 3]));
 * output.shape; // [1, 2, 3]
 * ```
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
): AttentionResult {
  const dk = q.shape[q.rank - 1];
  if (k.shape[k.rank - 1] !== dk) {
    throw new RangeError(`Keys must have dk=${dk} like the queries: got shape [${k.shape}]`);
  }
  return tf.tidy(() => {
    const scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk)); // [..., N, M]
    const weights = tf.softmax(scores); // softmax over the last axis (keys)
    return { output: tf.matMul(weights, v), weights };
  }) as AttentionResult;
}
