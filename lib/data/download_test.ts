import assert from "node:assert/strict";
import { DataError, type DataFile, downloadData, downloadVerified } from "./mod.ts";
import { sha256Hex } from "./sha256.ts";
import { fixtureDir, put } from "./_test_fixtures.ts";

// The file served: 64 KiB of a fixed pattern, large enough to arrive in several chunks.
const GOOD = new Uint8Array(65_536).map((_, i) => (i * 17 + (i >> 8)) % 256);
const GOOD_SHA = await sha256Hex(GOOD);

/** A local HTTP server with one route per way a download can go wrong. */
function startServer() {
  const hits = new Map<string, number>();
  const controller = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: controller.signal, onListen() {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      switch (path) {
        case "/good":
          return new Response(GOOD);
        case "/slow-good":
          await new Promise((resolve) => setTimeout(resolve, 50));
          return new Response(GOOD);
        case "/wrong-checksum": {
          const bad = GOOD.slice();
          bad[1000] ^= 0xff;
          return new Response(bad);
        }
        case "/short":
          return new Response(GOOD.subarray(0, 40_000));
        case "/long":
          return new Response(new Uint8Array(100_000));
        case "/truncated": {
          // The header promises the whole file; the connection closes after part of it.
          const body = new ReadableStream({
            start(c) {
              c.enqueue(GOOD.subarray(0, 30_000));
              c.close();
            },
          });
          return new Response(body, { headers: { "content-length": String(GOOD.length) } });
        }
        case "/stalled": {
          const body = new ReadableStream({
            start(c) {
              c.enqueue(GOOD.subarray(0, 1000));
            },
          });
          return new Response(body);
        }
        default:
          return new Response("not found", { status: 404 });
      }
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  return {
    base,
    hits,
    close: async () => {
      controller.abort();
      await server.finished;
    },
  };
}

/** A TCP server that accepts each connection and closes it at once, before any response. */
function startDroppingServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const done = (async () => {
    for await (const conn of listener) conn.close();
  })().catch(() => {});
  return {
    base: `http://127.0.0.1:${listener.addr.port}`,
    close: async () => {
      listener.close();
      await done;
    },
  };
}

function source(...urls: string[]) {
  return { urls, size: GOOD.length, sha256: GOOD_SHA };
}

/** Files left in a folder, so that a test can show nothing half-written stayed. */
function listing(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function withServer(
  fn: (s: ReturnType<typeof startServer>, dir: string) => Promise<void>,
) {
  const server = startServer();
  const f = await fixtureDir();
  try {
    await fn(server, f.dir);
  } finally {
    await server.close();
    await f.cleanup();
  }
}

Deno.test("downloadVerified() writes a good file and keeps it on the next call", async () => {
  await withServer(async (server, dir) => {
    const dest = `${dir}/sub/file.bin`;
    const first = await downloadVerified(source(`${server.base}/good`), dest);
    assert.deepEqual(first, { status: "downloaded", url: `${server.base}/good` });
    assert.deepEqual(await Deno.readFile(dest), GOOD);
    assert.deepEqual(listing(`${dir}/sub`), ["file.bin"]);
    assert.deepEqual(await downloadVerified(source(`${server.base}/good`), dest), {
      status: "present",
    });
    assert.equal(server.hits.get("/good"), 1, "a verified copy is not fetched again");
  });
});

const FAILURES: [string, string, RegExp][] = [
  [
    "a wrong checksum",
    "/wrong-checksum",
    /\/wrong-checksum: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}/,
  ],
  ["a short body", "/short", /\/short: got 40000 bytes, expected 65536/],
  ["a body longer than the file", "/long", /\/long: body is longer than the expected 65536 bytes/],
  ["a truncated body", "/truncated", /\/truncated: error reading a body from connection/],
  ["a 404", "/missing", /\/missing: HTTP 404/],
];

for (const [what, path, pattern] of FAILURES) {
  Deno.test(`downloadVerified() leaves no file after ${what}`, async () => {
    await withServer(async (server, dir) => {
      const dest = `${dir}/sub/file.bin`;
      await assert.rejects(downloadVerified(source(`${server.base}${path}`), dest), (e: Error) => {
        assert.ok(e instanceof DataError);
        assert.match(e.message, /^Download of .*\/file\.bin failed, nothing was written \(/);
        assert.match(e.message, pattern);
        assert.match(
          e.message,
          /\): check the network, or set ANNDL_DATA_DIR to a folder holding a good copy$/,
        );
        return true;
      });
      assert.deepEqual(listing(dir), []);
    });
  });
}

Deno.test("downloadVerified() leaves no file after a dropped connection", async () => {
  const dropping = startDroppingServer();
  const f = await fixtureDir();
  try {
    await assert.rejects(
      downloadVerified(source(`${dropping.base}/good`), `${f.dir}/file.bin`),
      /^DataError: Download of .*file\.bin failed, nothing was written \(http:\/\/127\.0\.0\.1:\d+\/good: .+\)/,
    );
    assert.deepEqual(listing(f.dir), []);
  } finally {
    await dropping.close();
    await f.cleanup();
  }
});

Deno.test("downloadVerified() gives up on a stalled server after its time limit", async () => {
  await withServer(async (server, dir) => {
    await assert.rejects(
      downloadVerified(source(`${server.base}/stalled`), `${dir}/file.bin`, { timeoutMs: 300 }),
      /\/stalled: no complete answer within 300 ms/,
    );
    assert.deepEqual(listing(dir), []);
  });
});

Deno.test("downloadVerified() falls back to the next mirror", async () => {
  await withServer(async (server, dir) => {
    const dest = `${dir}/file.bin`;
    const got = await downloadVerified(
      source(`${server.base}/missing`, `${server.base}/truncated`, `${server.base}/good`),
      dest,
    );
    assert.deepEqual(got, { status: "downloaded", url: `${server.base}/good` });
    assert.deepEqual(await Deno.readFile(dest), GOOD);
    assert.deepEqual(listing(dir), ["file.bin"]);
  });
});

Deno.test("downloadVerified() replaces a damaged copy, and removes it when every URL fails", async () => {
  await withServer(async (server, dir) => {
    const dest = await put(dir, "file.bin", "damaged");
    await downloadVerified(source(`${server.base}/good`), dest);
    assert.deepEqual(await Deno.readFile(dest), GOOD);
    await Deno.writeTextFile(dest, "damaged again");
    await assert.rejects(downloadVerified(source(`${server.base}/short`), dest), DataError);
    assert.deepEqual(listing(dir), []);
  });
});

Deno.test("downloadVerified() says so when the cache folder cannot be made", async () => {
  await withServer(async (server, dir) => {
    // A plain file where the folder should be: mkdir fails even for root.
    await put(dir, "blocker", "not a folder");
    await assert.rejects(
      downloadVerified(source(`${server.base}/good`), `${dir}/blocker/file.bin`),
      /^DataError: Cannot write .*\/blocker\/file\.bin \(.+\): make its folder writable, or set XDG_CACHE_HOME to a writable folder$/,
    );
    assert.deepEqual(listing(dir), ["blocker"]);
    assert.equal(server.hits.get("/good"), 1, "no second mirror is tried for a local failure");
  });
});

Deno.test("downloadVerified() run twice at once ends with one verified file", async () => {
  await withServer(async (server, dir) => {
    const dest = `${dir}/file.bin`;
    const outcomes = await Promise.all([
      downloadVerified(source(`${server.base}/slow-good`), dest),
      downloadVerified(source(`${server.base}/slow-good`), dest),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ["downloaded", "downloaded"]);
    assert.deepEqual(await Deno.readFile(dest), GOOD);
    assert.deepEqual(listing(dir), ["file.bin"]);
  });
});

Deno.test("downloadVerified() in two processes at once ends with one verified file", async () => {
  await withServer(async (server, dir) => {
    const dest = `${dir}/file.bin`;
    const module = new URL("./download.ts", import.meta.url).href;
    const code = `import { downloadVerified } from ${JSON.stringify(module)};
      const got = await downloadVerified(${JSON.stringify(source(`${server.base}/slow-good`))}, ${
      JSON.stringify(dest)
    });
      console.log(got.status);`;
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--no-config", code],
        stdout: "piped",
        stderr: "piped",
      }).output();
    const results = await Promise.all([run(), run()]);
    for (const result of results) {
      assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
      assert.match(new TextDecoder().decode(result.stdout), /^(downloaded|present)\n$/);
    }
    assert.deepEqual(await Deno.readFile(dest), GOOD);
    assert.deepEqual(listing(dir), ["file.bin"]);
  });
});

Deno.test("downloadData() fills the cache, skips verified copies and reports failures", async () => {
  await withServer(async (server, dir) => {
    const dataDir = `${dir}/shared`;
    const cacheDir = `${dir}/cache`;
    const file = (path: string, route: string): DataFile => ({
      path,
      dataset: path.startsWith("mnist") ? "mnist" : "santafe",
      size: GOOD.length,
      sha256: GOOD_SHA,
      urls: [`${server.base}${route}`],
    });
    const files = [
      file("mnist/a.gz", "/good"),
      file("mnist/b.gz", "/good"),
      file("santafe/c.dat", "/wrong-checksum"),
    ];
    await put(dataDir, "mnist/a.gz", GOOD);
    await put(dataDir, "mnist/b.gz", "a damaged copy: fetched into the cache instead");
    const lines: string[] = [];
    const outcomes = await downloadData({
      files,
      roots: { dataDir, cacheDir },
      onFile: (line) => lines.push(line),
    });
    assert.deepEqual(outcomes.map((o) => o.status), ["data-dir", "downloaded", "failed"]);
    assert.match(lines[0], /^ok mnist\/a\.gz: verified copy in ANNDL_DATA_DIR \(/);
    assert.match(
      lines[1],
      /^ok mnist\/b\.gz: downloaded and verified from http:\/\/127\.0\.0\.1:\d+\/good to /,
    );
    assert.match(
      lines[2],
      /^failed santafe\/c\.dat: Download of .*c\.dat failed, nothing was written \(.*SHA-256 is/,
    );
    assert.deepEqual(listing(`${cacheDir}/mnist`), ["b.gz"]);
    assert.deepEqual(listing(`${cacheDir}/santafe`), []);
    assert.equal(
      await Deno.readTextFile(`${dataDir}/mnist/b.gz`),
      "a damaged copy: fetched into the cache instead",
      "ANNDL_DATA_DIR is never written",
    );
    const again = await downloadData({ files, datasets: ["mnist"], roots: { dataDir, cacheDir } });
    assert.deepEqual(again.map((o) => o.status), ["data-dir", "cached"]);
    assert.equal(server.hits.get("/good"), 1);
  });
});

Deno.test("downloadData() rejects an unknown data set", async () => {
  await assert.rejects(
    downloadData({ datasets: ["cifar"], roots: { cacheDir: "/nonexistent" } }),
    /^DataError: Unknown data set cifar: valid data sets are mnist, santafe, regression$/,
  );
});
