// Tiny data files that the tests of lib/data make in a temporary folder: a few MNIST-format
// images, short Santa Fe-format series and a small regression CSV.
import { gzipSync } from "node:zlib";
import type { DataRoots } from "./locate.ts";
import { sha256Hex } from "./sha256.ts";

/** An IDX file of unsigned bytes with the given magic number, dimensions and payload. */
export function idxBytes(magic: number, dims: number[], payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(payload, 4 + 4 * dims.length);
  return bytes;
}

/** Gzip bytes the way the MNIST files are stored. */
export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** `count` images whose pixel i of image k is (k·31 + i) mod 256, and labels k mod 10. */
export function tinyMnist(count: number): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(count * 784).map((_, j) =>
    (Math.floor(j / 784) * 31 + j % 784) % 256
  );
  const labels = new Uint8Array(count).map((_, k) => (k * 7 + 3) % 10);
  return { images, labels };
}

/** A temporary data folder; `cleanup` removes it. */
export interface FixtureDir {
  dir: string;
  roots: DataRoots;
  cleanup: () => Promise<void>;
}

/** An empty temporary data folder used as the cache, with no `ANNDL_DATA_DIR`. */
export async function fixtureDir(): Promise<FixtureDir> {
  const dir = await Deno.makeTempDir({ prefix: "anndl-data-test-" });
  return {
    dir,
    roots: { cacheDir: dir },
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

/** Write a file below a fixture folder, creating its parent folder. */
export async function put(dir: string, relative: string, bytes: Uint8Array | string) {
  const path = `${dir}/${relative}`;
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  if (typeof bytes === "string") await Deno.writeTextFile(path, bytes);
  else await Deno.writeFile(path, bytes);
  return path;
}

/** Write a tiny test split (`t10k-*` names) and return the digests of its two gz files. */
export async function writeTinyMnist(
  dir: string,
  count: number,
  overrides: { imagesIdx?: Uint8Array; labelsIdx?: Uint8Array; imagesGz?: Uint8Array } = {},
): Promise<{ images: string; labels: string; imagesPath: string; labelsPath: string }> {
  const { images, labels } = tinyMnist(count);
  const imagesGz = overrides.imagesGz ??
    gzip(overrides.imagesIdx ?? idxBytes(2051, [count, 28, 28], images));
  const labelsGz = gzip(overrides.labelsIdx ?? idxBytes(2049, [count], labels));
  const imagesPath = await put(dir, "mnist/t10k-images-idx3-ubyte.gz", imagesGz);
  const labelsPath = await put(dir, "mnist/t10k-labels-idx1-ubyte.gz", labelsGz);
  return {
    images: await sha256Hex(imagesGz),
    labels: await sha256Hex(labelsGz),
    imagesPath,
    labelsPath,
  };
}

/** A series file in the Santa Fe layout: leading blanks, scientific notation, CRLF. */
export function seriesText(values: number[]): string {
  return values.map((v) => `   ${v.toExponential(7)}\r\n`).join("");
}

/** A regression CSV: 7 rows (X1, X2, T1..T5) of `columns` numbers. */
export function regressionCsv(columns: number): string {
  const rows = Array.from(
    { length: 7 },
    (_, r) => Array.from({ length: columns }, (_, c) => ((r + 1) * 0.1 + c * 0.001).toFixed(4)),
  );
  return rows.map((row) => row.join(",")).join("\n") + "\n";
}
