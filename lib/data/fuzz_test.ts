// Property tests: whatever bytes or text reach the IDX, CSV and series parsers, the only error
// that may come out is a DataError. Inputs are fully random or mutations of a valid file.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  DataError,
  gunzip,
  parseIdx,
  parseMnistImages,
  parseMnistLabels,
  parseNumberCsv,
  parseSeries,
} from "./mod.ts";
import { gzip, idxBytes, regressionCsv, seriesText, tinyMnist } from "./_test_fixtures.ts";

/** Inputs per property; the test names state the totals. */
const RUNS = 1000;

/** Run `fn`; succeed on a return or a DataError, fail on any other error. */
function onlyDataError(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    assert.ok(!error.message.includes("\n"), `one-line message: ${error.message}`);
  }
}

type Edit =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; count: number };

/** Up to 6 random edits (bit flips, overwrites, cuts, insertions, deletions); positions are fractions. */
const edits: fc.Arbitrary<Edit[]> = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant("flip" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bit: fc.integer({ min: 0, max: 7 }),
    }),
    fc.record({
      kind: fc.constant("set" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({
      kind: fc.constant("truncate" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
    fc.record({
      kind: fc.constant("delete" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      count: fc.integer({ min: 1, max: 16 }),
    }),
  ),
  { minLength: 1, maxLength: 6 },
);

function mutate(base: Uint8Array, list: Edit[]): Uint8Array {
  let bytes = base.slice();
  for (const edit of list) {
    const at = Math.min(bytes.length, Math.floor(edit.at * bytes.length));
    switch (edit.kind) {
      case "flip":
        if (at < bytes.length) bytes[at] ^= 1 << edit.bit;
        break;
      case "set":
        if (at < bytes.length) bytes[at] = edit.value;
        break;
      case "truncate":
        bytes = bytes.subarray(0, at);
        break;
      case "insert":
        bytes = new Uint8Array([...bytes.subarray(0, at), ...edit.bytes, ...bytes.subarray(at)]);
        break;
      case "delete":
        bytes = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + edit.count)]);
        break;
    }
  }
  return bytes;
}

// Edits applied to the header region only, where a mutation most often survives decompression.
const headerEdits = edits.map((list) => list.map((e) => ({ ...e, at: e.at * 0.05 })));

const COUNT = 2;
const { images, labels } = tinyMnist(COUNT);
const IMAGES_IDX = idxBytes(2051, [COUNT, 28, 28], images);
const LABELS_IDX = idxBytes(2049, [COUNT], labels);
const IMAGES_GZ = gzip(IMAGES_IDX);
const LABELS_GZ = gzip(LABELS_IDX);

/** The loader's path from `.gz` bytes to checked arrays. */
function readGz(gz: Uint8Array, kind: "images" | "labels"): void {
  const raw = gunzip(gz, "fuzz.gz");
  if (kind === "images") {
    assert.equal(parseMnistImages(raw, { file: "fuzz.gz", count: COUNT }).length, COUNT * 784);
  } else {
    assert.equal(parseMnistLabels(raw, { file: "fuzz.gz", count: COUNT }).length, COUNT);
  }
}

const IDX_PROPERTIES = 7;
Deno.test(`IDX parsing throws only DataError on ${IDX_PROPERTIES * RUNS} random and mutated inputs`, () => {
  const options = { numRuns: RUNS };
  // Random bytes, raw and behind a gzip magic.
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 2048 }),
      (bytes) => onlyDataError(() => readGz(bytes, "images")),
    ),
    options,
  );
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 256 }),
      (bytes) =>
        onlyDataError(() => readGz(new Uint8Array([0x1f, 0x8b, 8, 0, ...bytes]), "labels")),
    ),
    options,
  );
  // Mutated gzip files.
  fc.assert(
    fc.property(edits, (list) => onlyDataError(() => readGz(mutate(IMAGES_GZ, list), "images"))),
    options,
  );
  fc.assert(
    fc.property(edits, (list) => onlyDataError(() => readGz(mutate(LABELS_GZ, list), "labels"))),
    options,
  );
  // Mutated IDX contents behind valid gzip, with edits concentrated on the header.
  fc.assert(
    fc.property(
      headerEdits,
      (list) => onlyDataError(() => readGz(gzip(mutate(IMAGES_IDX, list)), "images")),
    ),
    options,
  );
  fc.assert(
    fc.property(
      edits,
      (list) => onlyDataError(() => readGz(gzip(mutate(LABELS_IDX, list)), "labels")),
    ),
    options,
  );
  // Well-formed headers with arbitrary dimensions over short payloads.
  fc.assert(
    fc.property(
      fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 5 }),
      fc.uint8Array({ maxLength: 64 }),
      (dims, payload) => {
        const bytes = idxBytes(0x0800 + dims.length, dims, payload);
        onlyDataError(() => {
          const idx = parseIdx(bytes, "fuzz");
          assert.equal(idx.data.length, dims.reduce((a, b) => a * b, 1));
        });
      },
    ),
    options,
  );
});

/** Characters a CSV or series file is made of, plus a few that should never be there. */
const FILE_CHARS = fc.constantFrom(..."0123456789.,eE+- \t\r\n\"'xN;\u00a0\ufeff".split(""));
const fileText = fc.string({ unit: FILE_CHARS, maxLength: 400 });
const anyText = fc.string({ unit: "binary", maxLength: 400 });

/** Edits on text, through its UTF-8 bytes (invalid sequences decode to U+FFFD, as a file read would). */
function mutateText(base: string, list: Edit[]): string {
  const bytes = mutate(new TextEncoder().encode(base), list);
  return new TextDecoder().decode(bytes);
}

const CSV_SHAPE = { rows: 7, columns: 5 };
const VALID_CSV = regressionCsv(5);

const CSV_PROPERTIES = 4;
Deno.test(`parseNumberCsv() throws only DataError on ${CSV_PROPERTIES * RUNS} random and mutated inputs`, () => {
  const options = { numRuns: RUNS };
  const parse = (text: string) => {
    const rows = parseNumberCsv(text, { file: "fuzz.csv", ...CSV_SHAPE });
    assert.equal(rows.length, 7);
    assert.ok(rows.every((row) => row.length === 5 && row.every(Number.isFinite)));
  };
  fc.assert(fc.property(anyText, (text) => onlyDataError(() => parse(text))), options);
  fc.assert(fc.property(fileText, (text) => onlyDataError(() => parse(text))), options);
  fc.assert(
    fc.property(edits, (list) => onlyDataError(() => parse(mutateText(VALID_CSV, list)))),
    options,
  );
  // A valid file with one field replaced by arbitrary text.
  fc.assert(
    fc.property(fc.nat({ max: 34 }), anyText, (index, field) => {
      const cells = VALID_CSV.trimEnd().split("\n").map((row) => row.split(","));
      cells[Math.floor(index / 5)][index % 5] = field;
      onlyDataError(() => parse(cells.map((row) => row.join(",")).join("\n")));
    }),
    options,
  );
});

const VALID_SERIES = seriesText([86, 141, 95, 41, 22, 2, 255, 60]);

const SERIES_PROPERTIES = 4;
Deno.test(`parseSeries() throws only DataError on ${SERIES_PROPERTIES * RUNS} random and mutated inputs`, () => {
  const options = { numRuns: RUNS };
  const parse = (text: string) => {
    const values = parseSeries(text, { file: "fuzz.dat", count: 8 });
    assert.ok(values.length === 8 && values.every(Number.isFinite));
  };
  fc.assert(fc.property(anyText, (text) => onlyDataError(() => parse(text))), options);
  fc.assert(fc.property(fileText, (text) => onlyDataError(() => parse(text))), options);
  fc.assert(
    fc.property(edits, (list) => onlyDataError(() => parse(mutateText(VALID_SERIES, list)))),
    options,
  );
  fc.assert(
    fc.property(fc.nat({ max: 7 }), anyText, (index, line) => {
      const lines = VALID_SERIES.split("\r\n");
      lines[index] = line;
      onlyDataError(() => parse(lines.join("\r\n")));
    }),
    options,
  );
});

Deno.test("gunzip() refuses output larger than its limit", () => {
  const bomb = gzip(new Uint8Array(65 * 1024 * 1024));
  assert.throws(
    () => gunzip(bomb, "bomb.gz"),
    /^DataError: Bad data file bomb\.gz: gzip data is truncated or corrupt \(.*\); run `deno task data`/,
  );
});
