import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { DataError, loadMnist, mnistTensors, readMnist } from "./mod.ts";
import { fixtureDir, gzip, idxBytes, tinyMnist, writeTinyMnist } from "./_test_fixtures.ts";

const REAL = Deno.env.get("ANNDL_DATA_DIR");
const NEEDS_REAL = "(needs ANNDL_DATA_DIR: skipped without the real data)";

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (error: Error) => {
    assert.ok(
      error instanceof DataError,
      `expected DataError, got ${error.name}: ${error.message}`,
    );
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes("\n"), "message is one line");
    return true;
  });
}

Deno.test("readMnist() reads a tiny split and checks its digests", async () => {
  const f = await fixtureDir();
  try {
    const sha = await writeTinyMnist(f.dir, 3);
    const data = await readMnist("test", { roots: f.roots, sha256: sha, count: 3 });
    const expected = tinyMnist(3);
    assert.equal(data.split, "test");
    assert.equal(data.count, 3);
    assert.deepEqual(data.images, expected.images);
    assert.deepEqual(data.labels, expected.labels);
  } finally {
    await f.cleanup();
  }
});

Deno.test("readMnist() prefers ANNDL_DATA_DIR over the cache", async () => {
  const data = await fixtureDir();
  const cache = await fixtureDir();
  try {
    const shaData = await writeTinyMnist(data.dir, 2);
    await writeTinyMnist(cache.dir, 4);
    const roots = { dataDir: data.dir, cacheDir: cache.dir };
    assert.equal((await readMnist("test", { roots, sha256: shaData, count: 2 })).count, 2);
    await Deno.remove(`${data.dir}/mnist/t10k-labels-idx1-ubyte.gz`);
    // Per file: the labels now come from the cache, whose count disagrees.
    await rejectsWith(
      readMnist("test", { roots, sha256: null, count: 2 }),
      /t10k-labels-idx1-ubyte\.gz: expected 2 labels \(one per image\), got 4/,
    );
  } finally {
    await data.cleanup();
    await cache.cleanup();
  }
});

Deno.test("readMnist() rejects a file whose digest is not the canonical one", async () => {
  const f = await fixtureDir();
  try {
    await writeTinyMnist(f.dir, 1);
    await rejectsWith(
      readMnist("test", { roots: f.roots, count: 1 }),
      /^Bad data file .*t10k-images-idx3-ubyte\.gz: SHA-256 is [0-9a-f]{64}, expected 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6 \(the canonical copy\); run `deno task data` to download a good copy into /,
    );
  } finally {
    await f.cleanup();
  }
});

Deno.test("readMnist() names a missing file and how to get it", async () => {
  const f = await fixtureDir();
  try {
    await rejectsWith(
      readMnist("train", { roots: f.roots }),
      /^Data file mnist\/train-(images-idx3|labels-idx1)-ubyte\.gz is missing \(looked in .*\): run `deno task data` to download it into .*, or set ANNDL_DATA_DIR to a folder holding a good copy$/,
    );
  } finally {
    await f.cleanup();
  }
});

const BAD_FILES: [string, (dir: string) => Promise<unknown>, RegExp][] = [
  [
    "truncated gzip",
    (dir) => {
      const gz = gzip(idxBytes(2051, [2, 28, 28], tinyMnist(2).images));
      return writeTinyMnist(dir, 2, { imagesGz: gz.subarray(0, gz.length - 100) });
    },
    /t10k-images-idx3-ubyte\.gz: gzip data is truncated or corrupt \(/,
  ],
  [
    "not gzip at all",
    (dir) => writeTinyMnist(dir, 2, { imagesGz: new TextEncoder().encode("<html>404</html>") }),
    /t10k-images-idx3-ubyte\.gz: not a gzip file \(expected magic 1f 8b and at least 18 bytes, got 16 bytes\)/,
  ],
  [
    "a wrong magic number",
    (dir) => writeTinyMnist(dir, 2, { imagesIdx: idxBytes(2049, [2 * 784], tinyMnist(2).images) }),
    /t10k-images-idx3-ubyte\.gz: wrong IDX magic number for images: expected 2051, got 2049/,
  ],
  [
    "a non-ubyte IDX type",
    (dir) => writeTinyMnist(dir, 2, { labelsIdx: idxBytes(0x0d01, [2], new Uint8Array(2)) }),
    /t10k-labels-idx1-ubyte\.gz: wrong IDX magic number: expected 0x000008NN \(unsigned bytes, NN ≥ 1 dimensions\), got 0x00000d01 \(3329\)/,
  ],
  [
    "an image/label count mismatch",
    (dir) => writeTinyMnist(dir, 2, { labelsIdx: idxBytes(2049, [3], new Uint8Array(3)) }),
    /t10k-labels-idx1-ubyte\.gz: expected 2 labels \(one per image\), got 3/,
  ],
  [
    "a payload shorter than the header says",
    (dir) =>
      writeTinyMnist(dir, 2, {
        imagesIdx: idxBytes(2051, [2, 28, 28], tinyMnist(2).images.subarray(0, 1000)),
      }),
    /t10k-images-idx3-ubyte\.gz: IDX payload has 1000 bytes but the header \[2, 28, 28\] says 1568/,
  ],
  [
    "a payload longer than the header says",
    (dir) => writeTinyMnist(dir, 2, { labelsIdx: idxBytes(2049, [2], new Uint8Array(5)) }),
    /t10k-labels-idx1-ubyte\.gz: IDX payload has 5 bytes but the header \[2\] says 2/,
  ],
  [
    "images that are not 28×28",
    (dir) =>
      writeTinyMnist(dir, 2, { imagesIdx: idxBytes(2051, [2, 32, 24], new Uint8Array(2 * 768)) }),
    /t10k-images-idx3-ubyte\.gz: images must be 28×28, got 32×24/,
  ],
  [
    "a label over 9",
    (dir) => writeTinyMnist(dir, 2, { labelsIdx: idxBytes(2049, [2], new Uint8Array([4, 12])) }),
    /t10k-labels-idx1-ubyte\.gz: label 1 is 12, expected 0\.\.9/,
  ],
  [
    "a header cut short",
    (dir) => writeTinyMnist(dir, 2, { imagesIdx: new Uint8Array([0, 0, 8, 3, 0, 0]) }),
    /t10k-images-idx3-ubyte\.gz: IDX header for 3 dimensions needs 16 bytes, got 6/,
  ],
];

for (const [what, write, pattern] of BAD_FILES) {
  Deno.test(`readMnist() rejects ${what} with a one-line message`, async () => {
    const f = await fixtureDir();
    try {
      await write(f.dir);
      const before = [...Deno.readDirSync(`${f.dir}/mnist`)].map((e) => e.name).sort();
      await rejectsWith(readMnist("test", { roots: f.roots, sha256: null, count: 2 }), pattern);
      const after = [...Deno.readDirSync(`${f.dir}/mnist`)].map((e) => e.name).sort();
      assert.deepEqual(after, before, "nothing is written to the data folder");
    } finally {
      await f.cleanup();
    }
  });
}

Deno.test("mnistTensors() scales pixels to [0, 1] and one-hot encodes labels", async () => {
  const f = await fixtureDir();
  try {
    const sha = await writeTinyMnist(f.dir, 4);
    const data = await readMnist("test", { roots: f.roots, sha256: sha, count: 4 });
    await initBackend();
    const before = tf.memory().numTensors;
    const { x, y } = mnistTensors(data, { start: 1, count: 2 });
    assert.deepEqual(x.shape, [2, 28, 28, 1]);
    assert.deepEqual(y.shape, [2, 10]);
    assert.equal(x.dtype, "float32");
    const xs = await x.data();
    assert.ok(Math.abs(xs[0] - data.images[784] / 255) < 1e-7);
    assert.ok(Math.abs(xs[783] - data.images[2 * 784 - 1] / 255) < 1e-7);
    const ys = await y.array();
    assert.deepEqual(ys.map((row) => row.indexOf(1)), [data.labels[1], data.labels[2]]);
    assert.deepEqual(ys.map((row) => row.reduce((a, b) => a + b)), [1, 1]);
    tf.dispose([x, y]);
    assert.equal(tf.memory().numTensors, before);
    const all = mnistTensors(data);
    assert.deepEqual(all.x.shape, [4, 28, 28, 1]);
    tf.dispose([all.x, all.y]);
  } finally {
    await f.cleanup();
  }
});

Deno.test("mnistTensors() rejects a range outside the split", () => {
  const data = { split: "test" as const, count: 2, ...tinyMnist(2) };
  assert.throws(
    () => mnistTensors(data, { start: 1, count: 2 }),
    /^RangeError: Image range must lie in \[0, 2\] of MNIST test: got start 1, count 2$/,
  );
});

Deno.test({
  name: `loadMnist() matches the course's label histograms ${NEEDS_REAL}`,
  ignore: !REAL,
  fn: async () => {
    const histogram = (labels: Uint8Array) => {
      const counts = new Array(10).fill(0);
      for (const label of labels) counts[label]++;
      return counts;
    };
    const train = await loadMnist("train");
    const test = await loadMnist("test");
    assert.equal(train.images.length, 60_000 * 784);
    assert.deepEqual(
      histogram(train.labels),
      [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
    );
    assert.deepEqual(histogram(test.labels), [
      980,
      1135,
      1032,
      1010,
      982,
      892,
      958,
      1028,
      974,
      1009,
    ]);
    assert.deepEqual([...test.labels.subarray(0, 5)], [7, 2, 1, 0, 4]);
    assert.equal(await loadMnist("test"), test, "loaded once per process");
  },
});
