import * as tf from "@tensorflow/tfjs";
import { badFile } from "./_bad_file.ts";
import { gunzip } from "./gunzip.ts";
import { parseIdx } from "./idx.ts";
import { type DataRoots, dataRoots, locateDataFile } from "./locate.ts";
import { dataFile } from "./manifest.ts";
import { verifySha256 } from "./verify.ts";

/** IDX magic number of an image file: unsigned bytes, 3 dimensions. */
export const MNIST_IMAGE_MAGIC = 2051;
/** IDX magic number of a label file: unsigned bytes, 1 dimension. */
export const MNIST_LABEL_MAGIC = 2049;
/** Image height and width in pixels. */
export const MNIST_SIDE = 28;
/** Pixels per image, 28·28. */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** Number of classes, the digits 0..9. */
export const MNIST_CLASSES = 10;

/** The two files and the image count of each split, as LeCun distributes them. */
export const MNIST_SPLITS = {
  train: {
    images: "mnist/train-images-idx3-ubyte.gz",
    labels: "mnist/train-labels-idx1-ubyte.gz",
    count: 60_000,
  },
  test: {
    images: "mnist/t10k-images-idx3-ubyte.gz",
    labels: "mnist/t10k-labels-idx1-ubyte.gz",
    count: 10_000,
  },
} as const;

/** One MNIST split in memory. */
export interface MnistSplit {
  /** Which split this is. */
  split: "train" | "test";
  /** Number of images (60,000 train, 10,000 test). */
  count: number;
  /** `count·784` pixels, image after image, each row-major 28×28, 0..255. */
  images: Uint8Array;
  /** `count` digits 0..9. */
  labels: Uint8Array;
}

/** How {@link readMnist} finds and checks its files. */
export interface ReadMnistOptions {
  /**
   * Folders to search.
   * @default dataRoots()
   */
  roots?: DataRoots;
  /**
   * Expected SHA-256 of the two `.gz` files, or `null` to skip the check.
   * @default the canonical digests of PROVENANCE.md
   */
  sha256?: { images: string; labels: string } | null;
  /**
   * Expected number of images.
   * @default 60000 for train, 10000 for test
   */
  count?: number;
}

/**
 * Read, verify and parse one MNIST split from its two gzip IDX files (not memoised; see
 * {@link loadMnist}).
 *
 * @param split `"train"` or `"test"`.
 * @param options Where to look and what to expect.
 * @returns The images and labels.
 * @throws {DataError} For a missing file, a digest mismatch, truncated gzip, a wrong magic
 *   number, image size or count, a payload that disagrees with its header, or a label over 9.
 * @example
 * ```ts
 * const test = await readMnist("test");
 * test.images.length; // 7840000
 * ```
 */
export async function readMnist(
  split: "train" | "test",
  options: ReadMnistOptions = {},
): Promise<MnistSplit> {
  const spec = MNIST_SPLITS[split];
  if (!spec) throw new RangeError(`Unknown MNIST split ${split}: valid splits are train, test`);
  const roots = options.roots ?? dataRoots();
  const count = options.count ?? spec.count;
  const sha256 = options.sha256 === undefined
    ? { images: dataFile(spec.images).sha256, labels: dataFile(spec.labels).sha256 }
    : options.sha256;
  const [imagesFile, labelsFile] = await Promise.all([
    locateDataFile(spec.images, roots),
    locateDataFile(spec.labels, roots),
  ]);
  const [imagesGz, labelsGz] = await Promise.all([
    Deno.readFile(imagesFile),
    Deno.readFile(labelsFile),
  ]);
  if (sha256) {
    await verifySha256(imagesGz, { file: imagesFile, sha256: sha256.images });
    await verifySha256(labelsGz, { file: labelsFile, sha256: sha256.labels });
  }
  const images = parseMnistImages(gunzip(imagesGz, imagesFile), { file: imagesFile, count });
  const labels = parseMnistLabels(gunzip(labelsGz, labelsFile), { file: labelsFile, count });
  return { split, count, images, labels };
}

/**
 * Check an uncompressed IDX image file: magic 2051, `[count, 28, 28]`.
 *
 * @param bytes The decompressed file.
 * @param options `file`: its name, for messages; `count`: the expected number of images.
 * @returns The `count·784` pixels.
 * @throws {DataError} For any mismatch.
 * @example
 * ```ts
 * const header = [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28];
 * parseMnistImages(new Uint8Array([...header, ...new Array(784).fill(0)]), { file: "x", count: 1 }).length; // 784
 * ```
 */
export function parseMnistImages(
  bytes: Uint8Array,
  options: { file: string; count: number },
): Uint8Array {
  const { file, count } = options;
  const idx = parseIdx(bytes, file);
  if (idx.magic !== MNIST_IMAGE_MAGIC) {
    throw badFile(
      file,
      `wrong IDX magic number for images: expected ${MNIST_IMAGE_MAGIC}, got ${idx.magic}`,
    );
  }
  const [n, rows, cols] = idx.dims;
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) {
    throw badFile(file, `images must be ${MNIST_SIDE}×${MNIST_SIDE}, got ${rows}×${cols}`);
  }
  if (n !== count) throw badFile(file, `expected ${count} images, got ${n}`);
  return idx.data;
}

/**
 * Check an uncompressed IDX label file: magic 2049, `[count]`, every label 0..9.
 *
 * @param bytes The decompressed file.
 * @param options `file`: its name, for messages; `count`: the expected number of labels.
 * @returns The labels.
 * @throws {DataError} For any mismatch.
 * @example
 * ```ts
 * parseMnistLabels(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]), { file: "x", count: 2 }); // Uint8Array [7, 3]
 * ```
 */
export function parseMnistLabels(
  bytes: Uint8Array,
  options: { file: string; count: number },
): Uint8Array {
  const { file, count } = options;
  const idx = parseIdx(bytes, file);
  if (idx.magic !== MNIST_LABEL_MAGIC) {
    throw badFile(
      file,
      `wrong IDX magic number for labels: expected ${MNIST_LABEL_MAGIC}, got ${idx.magic}`,
    );
  }
  if (idx.dims[0] !== count) {
    throw badFile(file, `expected ${count} labels (one per image), got ${idx.dims[0]}`);
  }
  const bad = idx.data.findIndex((label) => label >= MNIST_CLASSES);
  if (bad >= 0) throw badFile(file, `label ${bad} is ${idx.data[bad]}, expected 0..9`);
  return idx.data;
}

const loaded = new Map<string, Promise<MnistSplit>>();

/**
 * One MNIST split from `ANNDL_DATA_DIR` or the cache, verified against the canonical SHA-256
 * digests; loaded once per process and shared by every caller (do not modify the arrays).
 *
 * @param split `"train"` (60,000 images) or `"test"` (10,000).
 * @returns The images and labels.
 * @throws {DataError} When a file is missing or bad, saying how to get a good copy.
 * @example
 * ```ts
 * const { count, labels } = await loadMnist("test");
 * count; // 10000
 * labels[0]; // 7
 * ```
 */
export function loadMnist(split: "train" | "test"): Promise<MnistSplit> {
  let pending = loaded.get(split);
  if (!pending) {
    pending = readMnist(split);
    // A failed load is not kept: the user may fix the file and retry in the same process.
    pending.catch(() => loaded.delete(split));
    loaded.set(split, pending);
  }
  return pending;
}

/** Which images {@link mnistTensors} takes. */
export interface MnistTensorOptions {
  /**
   * Index of the first image.
   * @default 0
   */
  start?: number;
  /**
   * Number of images.
   * @default all from `start` to the end
   */
  count?: number;
}

/**
 * Model-ready tensors for a range of images. The caller disposes both.
 *
 * @param data A split from {@link loadMnist}.
 * @param options Range of images.
 * @returns `x` `[n, 28, 28, 1]` float32 pixels scaled to [0, 1]; `y` `[n, 10]` one-hot float32.
 * @throws {RangeError} When the range leaves the split.
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * const { x, y } = mnistTensors(await loadMnist("test"), { count: 2 });
 * x.shape; // [2, 28, 28, 1]
 * tf.dispose([x, y]);
 * ```
 */
export function mnistTensors(
  data: MnistSplit,
  options: MnistTensorOptions = {},
): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const start = options.start ?? 0;
  const n = options.count ?? data.count - start;
  if (
    !Number.isInteger(start) || !Number.isInteger(n) || start < 0 || n < 0 || start + n > data.count
  ) {
    throw new RangeError(
      `Image range must lie in [0, ${data.count}] of MNIST ${data.split}: got start ${start}, count ${n}`,
    );
  }
  const pixels = new Float32Array(n * MNIST_PIXELS);
  const source = data.images.subarray(start * MNIST_PIXELS, (start + n) * MNIST_PIXELS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = source[i] / 255;
  const oneHot = new Float32Array(n * MNIST_CLASSES);
  for (let i = 0; i < n; i++) oneHot[i * MNIST_CLASSES + data.labels[start + i]] = 1;
  return {
    x: tf.tensor4d(pixels, [n, MNIST_SIDE, MNIST_SIDE, 1], "float32"),
    y: tf.tensor2d(oneHot, [n, MNIST_CLASSES], "float32"),
  };
}
