/**
 * Random MNIST subsets as the course draws them (e.g. 10k train / 2k test for the CNNs of 3.2.2).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "../../backend/mod.ts";
import { loadMnist, MNIST_CLASSES, MNIST_PIXELS, MNIST_SIDE } from "../../data/mod.ts";

/** Tensors of one subset; the caller disposes both. */
export interface MnistSubset {
  /** `[n, 28, 28, 1]`, or `[n, 784]` when `flat`, pixels scaled to [0, 1]. */
  x: tf.Tensor;
  /** `[n, 10]` one-hot labels. */
  y: tf.Tensor2D;
}

/** Options of {@linkcode mnistSubset}. */
export interface MnistSubsetOptions {
  /** Images as `[n, 784]` rows instead of `[n, 28, 28, 1]`. @default false */
  flat?: boolean;
  /** Seed of the draw; the same seed gives the same images. @default 0 */
  seed?: number;
}

/**
 * A uniformly random subset of an MNIST split, drawn without replacement with a seeded
 * generator (independent of `Math.random`); the whole split, in file order, when `count` is its
 * size.
 *
 * @param split `"train"` or `"test"`.
 * @param count Number of images, 1 to the split's size.
 * @param options Layout and seed.
 * @returns The subset's tensors.
 * @example
 * ```ts
 * const { x, y } = await mnistSubset("test", 2, { flat: true, seed: 1 });
 * x.shape; // [2, 784]
 * tf.dispose([x, y]);
 * ```
 */
export async function mnistSubset(
  split: "train" | "test",
  count: number,
  options: MnistSubsetOptions = {},
): Promise<MnistSubset> {
  const data = await loadMnist(split);
  if (!Number.isInteger(count) || count < 1 || count > data.count) {
    throw new RangeError(
      `Subset size must be an integer from 1 to ${data.count} for MNIST ${split}: got ${count}`,
    );
  }
  const order = Array.from({ length: data.count }, (_, i) => i);
  if (count < data.count) {
    // Partial Fisher–Yates: the first `count` entries are a uniform sample without replacement.
    const next = seededRandom(options.seed ?? 0);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(next() * (data.count - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
  }
  const pixels = new Float32Array(count * MNIST_PIXELS);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const source = order[i];
    labels[i] = data.labels[source];
    for (let p = 0; p < MNIST_PIXELS; p++) {
      pixels[i * MNIST_PIXELS + p] = data.images[source * MNIST_PIXELS + p] / 255;
    }
  }
  const shape = options.flat ? [count, MNIST_PIXELS] : [count, MNIST_SIDE, MNIST_SIDE, 1];
  return tf.tidy(() => ({
    x: tf.tensor(pixels, shape),
    y: tf.oneHot(tf.tensor1d(labels, "int32"), MNIST_CLASSES).toFloat() as tf.Tensor2D,
  }));
}
