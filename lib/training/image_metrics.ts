/**
 * Measures that turn the report's words about generated digits ("diverse", "close to the start",
 * "blurry", "smooth") into numbers. Images are `[n, 28, 28, 1]` (or `[n, 784]`) in [0, 1].
 *
 * - **Class entropy** (bits): Shannon entropy of the histogram of classes a reference MNIST
 *   classifier assigns to the images: H = −Σ_c p_c log₂ p_c. 0 means every image is one digit,
 *   log₂ 10 ≈ 3.32 means the ten digits appear equally often.
 * - **Classes covered**: how many of the ten digits receive at least `minShare` of the images.
 * - **Pixel distance**: root-mean-square difference of two images, √(mean_p (a_p − b_p)²), in
 *   [0, 1]; 0 for identical images, 1 for an all-black against an all-white one.
 * - **Sharpness**: ink-weighted contrast, Σ_p x_p·|2x_p − 1| / Σ_p x_p, in [0, 1]: each pixel's
 *   distance from mid-grey, weighted by its ink. A crisp black-and-white digit scores 1 whatever
 *   its stroke width; blur turns stroke edges grey and lowers it; an empty image scores 0.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** A classifier seen as a function from images `[n, 28, 28, 1]` to predicted digits. */
export type Classify = (images: tf.Tensor4D) => Promise<Int32Array>;

/**
 * Wrap a Keras-style MNIST classifier (softmax over 10 classes) as a {@linkcode Classify}.
 *
 * @param model A model taking `[n, 28, 28, 1]` images in [0, 1].
 * @param batchSize Images per prediction call. @default 500
 * @returns The arg-max class of each image.
 * @example
 * ```ts
 * const classify = classifierFrom(await loadReferenceClassifier());
 * const digits = await classify(images); // Int32Array of length n
 * ```
 */
export function classifierFrom(model: tf.LayersModel, batchSize = 500): Classify {
  return async (images) => {
    const n = images.shape[0];
    const out = new Int32Array(n);
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const classes = tf.tidy(() => {
        const batch = tf.slice(images, [start, 0, 0, 0], [size, -1, -1, -1]);
        return tf.argMax(model.predict(batch) as tf.Tensor2D, 1);
      });
      out.set(await classes.data() as Int32Array, start);
      classes.dispose();
    }
    return out;
  };
}

/**
 * Shannon entropy, in bits, of the class histogram of `labels`.
 *
 * @param labels Class of each image, 0..classes−1.
 * @param classes Number of classes. @default 10
 * @returns H in [0, log₂ classes]; 0 for no labels.
 * @example
 * ```ts
 * classEntropy([0, 1, 2, 3]); // 2
 * classEntropy([7, 7, 7]); // 0
 * ```
 */
export function classEntropy(labels: ArrayLike<number>, classes = 10): number {
  const counts = classCounts(labels, classes);
  let entropy = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / labels.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/**
 * How many classes receive at least `minShare` of the labels.
 *
 * @param labels Class of each image, 0..classes−1.
 * @param minShare Smallest share that counts a class as present. @default 0.02
 * @param classes Number of classes. @default 10
 * @returns A count in [0, classes].
 * @example
 * ```ts
 * classesCovered([0, 0, 0, 1], 0.25); // 2
 * classesCovered([0, 0, 0, 1], 0.3); // 1
 * ```
 */
export function classesCovered(labels: ArrayLike<number>, minShare = 0.02, classes = 10): number {
  return classCounts(labels, classes).filter((c) => c > 0 && c / labels.length >= minShare).length;
}

function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new RangeError(`Label ${i} must be an integer in [0, ${classes - 1}]: got ${label}`);
    }
    counts[label]++;
  }
  return counts;
}

/**
 * Root-mean-square pixel distance between matching images of `a` and `b`.
 *
 * @param a Images `[n, …]`.
 * @param b Images of the same shape.
 * @returns One distance per image, in [0, 1] for images in [0, 1].
 * @example
 * ```ts
 * await pixelDistances(tf.zeros([1, 2, 2, 1]), tf.ones([1, 2, 2, 1])); // Float32Array [1]
 * ```
 */
export async function pixelDistances(a: tf.Tensor, b: tf.Tensor): Promise<Float32Array> {
  if (a.shape.join() !== b.shape.join()) {
    throw new RangeError(
      `Images must have equal shapes: got [${a.shape.join(", ")}] and [${b.shape.join(", ")}]`,
    );
  }
  const distances = tf.tidy(() => {
    const n = a.shape[0];
    return tf.sqrt(tf.mean(tf.square(tf.sub(a.reshape([n, -1]), b.reshape([n, -1]))), 1));
  });
  const values = await distances.data() as Float32Array;
  distances.dispose();
  return values;
}

/**
 * Sharpness of each image: ink-weighted contrast Σ x·|2x − 1| / Σ x.
 *
 * @param images `[n, …]` in [0, 1].
 * @returns One value per image in [0, 1]; 0 for an empty image.
 * @example
 * ```ts
 * await sharpness(tf.tensor2d([[0, 1, 1, 0], [0, 0.5, 0.5, 0]])); // Float32Array [1, 0]
 * ```
 */
export async function sharpness(images: tf.Tensor): Promise<Float32Array> {
  const scores = tf.tidy(() => {
    const x = images.reshape([images.shape[0], -1]);
    const contrast = tf.sum(tf.mul(x, tf.abs(tf.sub(tf.mul(x, 2), 1))), 1);
    return tf.div(contrast, tf.maximum(tf.sum(x, 1), 1e-6));
  });
  const values = await scores.data() as Float32Array;
  scores.dispose();
  return values;
}

/**
 * Mean of an array of numbers.
 *
 * @param values At least one value.
 * @returns The arithmetic mean.
 * @example
 * ```ts
 * meanOf(new Float32Array([1, 2, 3])); // 2
 * ```
 */
export function meanOf(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError("Mean needs at least one value: got 0");
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}
