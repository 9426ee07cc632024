import assert from "node:assert/strict";
import { DATA_FILES, dataFile, sha256Hex } from "./mod.ts";

const REAL = Deno.env.get("ANNDL_DATA_DIR");
const NEEDS_REAL = "(needs ANNDL_DATA_DIR: skipped without the real data)";

Deno.test("sha256Hex() gives the standard digests", async () => {
  assert.equal(
    await sha256Hex(new Uint8Array()),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    await sha256Hex(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("dataFile() finds an entry and names the known files for an unknown one", () => {
  assert.equal(dataFile("santafe/laserpred.dat").size, 1800);
  assert.throws(
    () => dataFile("mnist/x.gz"),
    /^Error: Unknown data file mnist\/x\.gz: known files are mnist\/train-images-idx3-ubyte\.gz, .*, regression\/data\.csv$/,
  );
});

Deno.test("DATA_FILES lists every file with https mirrors and a digest", () => {
  assert.equal(DATA_FILES.length, 7);
  for (const file of DATA_FILES) {
    assert.match(file.sha256, /^[0-9a-f]{64}$/);
    assert.ok(file.urls.length > 0 && file.urls.every((u) => u.startsWith("https://")));
    assert.ok(file.urls.every((u) => u.endsWith(file.path.split("/")[1].replace(" ", "%20"))));
  }
});

Deno.test({
  name: `DATA_FILES agrees with PROVENANCE.md and the files in ANNDL_DATA_DIR ${NEEDS_REAL}`,
  ignore: !REAL,
  fn: async () => {
    const provenance = await Deno.readTextFile(`${REAL}/PROVENANCE.md`).catch(() => undefined);
    for (const file of DATA_FILES) {
      if (provenance !== undefined) {
        const row = provenance.split("\n").find((line) => line.startsWith(`| \`${file.path}\``));
        assert.ok(row, `PROVENANCE.md has a row for ${file.path}`);
        const [, , size, sha256] = row.split("|").map((cell) => cell.trim().replaceAll("`", ""));
        assert.equal(Number(size), file.size, file.path);
        assert.equal(sha256, file.sha256, file.path);
      }
      const bytes = await Deno.readFile(`${REAL}/${file.path}`);
      assert.equal(bytes.length, file.size, file.path);
      assert.equal(await sha256Hex(bytes), file.sha256, file.path);
    }
  },
});
