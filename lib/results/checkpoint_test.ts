import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CHECKPOINT_SCHEMA,
  checkpointDir,
  type CheckpointKey,
  readSeedCheckpoints,
  readSeedRows,
  removeCheckpoint,
  removeSeedRows,
  writeSeedCheckpoint,
  writeSeedRows,
} from "./checkpoint.ts";

const KEY: CheckpointKey = {
  claim: "4.3-vae",
  scale: "full",
  config: { epochs: 50, hidden: 128 },
  backend: "wasm",
  code: "sha256:0123456789abcdef",
};

function seed(seed: number, metrics: Record<string, number> = { x: seed }) {
  return {
    ...KEY,
    schema: CHECKPOINT_SCHEMA,
    seed,
    run: { metrics, curves: { loss: [1, 0.5] } },
    seconds: 12.5,
    tensorsLeaked: 0,
    finishedAt: "2026-12-02T13:00:00.000Z",
  };
}

Deno.test("writeSeedCheckpoint() keeps a seed that readSeedCheckpoints() gives back exactly", async () => {
  const dir = await Deno.makeTempDir();
  const odd = { nan: Number.NaN, inf: Infinity, minf: -Infinity, negZero: -0, tiny: 5e-324 };
  const path = await writeSeedCheckpoint(dir, seed(1, odd));
  assert.equal(path, join(dir, "full", ".partial", "4.3-vae", "seed-1.json"));
  await writeSeedCheckpoint(dir, seed(0));
  const { seeds, ignored } = await readSeedCheckpoints(dir, KEY);
  assert.deepEqual(ignored, []);
  assert.deepEqual([...seeds.keys()].sort(), [0, 1]);
  assert.deepEqual(seeds.get(1), seed(1, odd));
  assert.ok(Object.is(seeds.get(1)!.run!.metrics.negZero, -0));
  assert.deepEqual(
    [...Deno.readDirSync(checkpointDir(dir, "full", "4.3-vae"))].map((e) => e.name).sort(),
    ["seed-0.json", "seed-1.json"],
  );
});

Deno.test("readSeedCheckpoints() leaves aside seeds of another config, backend or code", async () => {
  const dir = await Deno.makeTempDir();
  await writeSeedCheckpoint(dir, seed(0));
  await writeSeedCheckpoint(dir, { ...seed(1), config: { epochs: 3, hidden: 128 } });
  await writeSeedCheckpoint(dir, { ...seed(2), backend: "webgpu" });
  await writeSeedCheckpoint(dir, { ...seed(3), code: "sha256:ffffffffffffffff" });
  const folder = checkpointDir(dir, "full", "4.3-vae");
  await Deno.writeTextFile(join(folder, "seed-4.json"), '{"schema": 1, "seed": ');
  await Deno.writeTextFile(join(folder, "seed-5.json.123.abc.tmp"), "{");
  const { seeds, ignored } = await readSeedCheckpoints(dir, KEY);
  assert.deepEqual([...seeds.keys()], [0]);
  assert.deepEqual(ignored.map((i) => [i.path.split("/").at(-1), i.reason.split(":")[0]]), [
    ["seed-1.json", "another config"],
    ["seed-2.json", "run on webgpu, not wasm"],
    ["seed-3.json", "code sha256"],
    ["seed-4.json", "unreadable"],
  ]);
});

Deno.test("removeCheckpoint() removes the folder and takes a missing one calmly", async () => {
  const dir = await Deno.makeTempDir();
  await writeSeedCheckpoint(dir, seed(0));
  await removeCheckpoint(dir, "full", "4.3-vae");
  await removeCheckpoint(dir, "full", "4.3-vae");
  assert.equal((await readSeedCheckpoints(dir, KEY)).seeds.size, 0);
  assert.deepEqual([...Deno.readDirSync(join(dir, "full", ".partial"))], []);
});

Deno.test("checkpointDir() refuses what is not a claim id", () => {
  assert.throws(() => checkpointDir("results", "full", "../x"), {
    name: "RecordError",
    message: 'Invalid claim id "../x": expected e.g. 1.3.5-cnn-params',
  });
});

Deno.test("writeSeedRows() keeps a seed's rows that readSeedRows() gives back for the same key", async () => {
  const dir = await Deno.makeTempDir();
  const random = { c: 3, s0: 0.25, s1: 0.5, s2: 0.75 };
  const rows = { adam: { value: { acc: 0.99, curve: [Number.NaN, 1] }, random } };
  const path = await writeSeedRows(dir, { ...KEY, schema: CHECKPOINT_SCHEMA, seed: 2, rows });
  assert.match(path, /\/full\/\.partial\/4\.3-vae\/seed-2\.rows\.json$/);
  await writeSeedRows(dir, {
    ...KEY,
    code: "sha256:other",
    schema: CHECKPOINT_SCHEMA,
    seed: 3,
    rows,
  });
  const kept = await readSeedRows(dir, KEY);
  assert.deepEqual([...kept.keys()], [2]);
  assert.deepEqual(kept.get(2)!.get("adam"), rows.adam);
  assert.deepEqual((await readSeedCheckpoints(dir, KEY)).ignored, []); // rows files are apart
});

Deno.test("writeSeedRows() keeps a saved training's typed arrays bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  const weights = new Float32Array([0.1, -0, Number.NaN, 3e-38, -Infinity, 1 / 3]);
  // An odd offset into a larger buffer, as a view of a tensor's data may be.
  const view = new Float32Array(new Float32Array([9, ...weights]).buffer, 4, weights.length);
  const chains = new Uint8Array([0, 1, 1, 0, 255]);
  const rows = {
    joint: { value: { epoch: 3, weights: view, nested: [{ bias: weights }], chains } },
  };
  await writeSeedRows(dir, { ...KEY, schema: CHECKPOINT_SCHEMA, seed: 0, rows });
  const state = (await readSeedRows(dir, KEY)).get(0)!.get("joint")!.value as {
    weights: Float32Array;
    nested: Array<{ bias: Float32Array }>;
    chains: Uint8Array;
  };
  assert.ok(state.weights instanceof Float32Array);
  const bits = (a: Float32Array) => [...new Uint32Array(a.buffer, a.byteOffset, a.length)];
  assert.deepEqual(bits(state.weights), bits(weights));
  assert.deepEqual(bits(state.nested[0].bias), bits(weights));
  assert.deepEqual(state.chains, chains);
});

Deno.test("removeSeedRows() removes one finished seed's rows and takes a missing file calmly", async () => {
  const dir = await Deno.makeTempDir();
  const rows = { adam: { value: 1 } };
  for (const seed of [0, 1]) {
    await writeSeedRows(dir, { ...KEY, schema: CHECKPOINT_SCHEMA, seed, rows });
  }
  await removeSeedRows(dir, KEY.scale, KEY.claim, 0);
  await removeSeedRows(dir, KEY.scale, KEY.claim, 0);
  assert.deepEqual([...(await readSeedRows(dir, KEY)).keys()], [1]);
});
