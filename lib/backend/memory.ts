import * as tf from "@tensorflow/tfjs";

/** Raised when a piece of work leaves tensors behind. */
export class TensorLeakError extends Error {
  override name = "TensorLeakError";
}

/**
 * Run `fn` and throw when the live tensor count afterwards differs from the count before.
 *
 * @param label Names the work in the error.
 * @param fn The work; its result must not hold tensors.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * await expectNoLeak("square", () => tf.tidy(() => tf.scalar(2).square().dataSync()[0]));
 * ```
 */
export async function expectNoLeak<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new TensorLeakError(
      `${label} leaked ${after - before} tensors: ${before} before, ${after} after`,
    );
  }
  return result;
}
