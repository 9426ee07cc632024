import assert from "node:assert/strict";
import { cacheDir, DataError, dataRoots, locateDataFile } from "./mod.ts";
import { badFile } from "./_bad_file.ts";
import { fixtureDir, put } from "./_test_fixtures.ts";

/** Run `fn` with some environment variables set (or removed with `undefined`), then restore them. */
function withEnv(vars: Record<string, string | undefined>, fn: () => void) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  };
  apply(vars);
  try {
    fn();
  } finally {
    apply(saved);
  }
}

Deno.test("cacheDir() uses XDG_CACHE_HOME, else ~/.cache", () => {
  withEnv({ XDG_CACHE_HOME: "/x/cache", HOME: "/home/u" }, () => {
    assert.equal(cacheDir(), "/x/cache/anndl-spec");
  });
  withEnv({ XDG_CACHE_HOME: undefined, HOME: "/home/u" }, () => {
    assert.equal(cacheDir(), "/home/u/.cache/anndl-spec");
  });
  withEnv({ XDG_CACHE_HOME: undefined, HOME: undefined, USERPROFILE: undefined }, () => {
    assert.throws(
      () => cacheDir(),
      /^DataError: Neither XDG_CACHE_HOME nor HOME is set: set ANNDL_DATA_DIR$/,
    );
  });
});

Deno.test("dataRoots() reads ANNDL_DATA_DIR, ignoring an empty value", () => {
  withEnv({ ANNDL_DATA_DIR: "/data", XDG_CACHE_HOME: "/c" }, () => {
    assert.deepEqual(dataRoots(), { dataDir: "/data", cacheDir: "/c/anndl-spec" });
  });
  withEnv({ ANNDL_DATA_DIR: "", XDG_CACHE_HOME: "/c" }, () => {
    assert.deepEqual(dataRoots(), { dataDir: undefined, cacheDir: "/c/anndl-spec" });
  });
});

Deno.test("locateDataFile() looks in ANNDL_DATA_DIR first, then the cache", async () => {
  const data = await fixtureDir();
  const cache = await fixtureDir();
  try {
    const roots = { dataDir: data.dir, cacheDir: cache.dir };
    const inCache = await put(cache.dir, "santafe/laserpred.dat", "1\n");
    assert.equal(await locateDataFile("santafe/laserpred.dat", roots), inCache);
    const inData = await put(data.dir, "santafe/laserpred.dat", "2\n");
    assert.equal(await locateDataFile("santafe/laserpred.dat", roots), inData);
    await Deno.mkdir(`${data.dir}/regression/data.csv`, { recursive: true });
    await assert.rejects(
      locateDataFile("regression/data.csv", roots),
      (error: Error) => {
        assert.ok(error instanceof DataError);
        assert.equal(
          error.message,
          `Data file regression/data.csv is missing (looked in ${data.dir}/regression/data.csv, ${cache.dir}/regression/data.csv): run \`deno task data\` to download it into ${cache.dir}, or set ANNDL_DATA_DIR to a folder holding a good copy`,
        );
        return true;
      },
    );
  } finally {
    await data.cleanup();
    await cache.cleanup();
  }
});

Deno.test("badFile() advice depends on whether the file is in ANNDL_DATA_DIR", () => {
  withEnv({ ANNDL_DATA_DIR: "/data", XDG_CACHE_HOME: "/c" }, () => {
    assert.equal(
      badFile("/data/mnist/x.gz", "it is wrong").message,
      "Bad data file /data/mnist/x.gz: it is wrong; replace it with a good copy, or unset ANNDL_DATA_DIR and run `deno task data` to download one into /c/anndl-spec",
    );
    assert.equal(
      badFile("/c/anndl-spec/mnist/x.gz", "it is wrong").message,
      "Bad data file /c/anndl-spec/mnist/x.gz: it is wrong; run `deno task data` to download a good copy into /c/anndl-spec",
    );
  });
});
