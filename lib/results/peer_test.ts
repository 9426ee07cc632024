import assert from "node:assert/strict";
import type { BandCheck } from "../outcomes/mod.ts";
import {
  carryPeer,
  parseRecord,
  peerAgreement,
  peerAgreementText,
  type PeerRecord,
  RECORD_KEYS,
  type ResultRecord,
  withPeer,
  writeRecord,
} from "./mod.ts";

function band(metric: string, value: number, min = 0): BandCheck {
  return { metric, min, why: "", value, pass: value >= min };
}

function record(bands: BandCheck[], seeds = [0, 1]): ResultRecord {
  const base = Object.fromEntries(RECORD_KEYS.map((key) => [key, null]));
  delete base.peer;
  return {
    ...base,
    claim: "2.2.2-lstm-santafe",
    scale: "full",
    verdict: bands.every((b) => b.pass) ? "reproduced" : "not-reproduced",
    metrics: Object.fromEntries(bands.map((b) => [b.metric, { mean: b.value }])),
    bands,
    guards: [],
    seeds,
    config: { epochs: 150 },
  } as never;
}

function peer(bands: BandCheck[], seeds = [0, 1]): PeerRecord {
  return {
    framework: "pytorch",
    version: "1.13.0a0",
    scale: "full",
    seeds,
    subset: null,
    metrics: Object.fromEntries(
      bands.map((b) => [b.metric, { mean: b.value, std: 0, min: 0, max: 0, values: [b.value] }]),
    ),
    verdict: bands.every((b) => b.pass) ? "reproduced" : "not-reproduced",
    bands,
    guards: [],
    command: "python3 crosscheck/santafe_torch.py",
    wallSeconds: 1,
    finishedAt: "2026-12-02T13:00:00.000Z",
  };
}

Deno.test("withPeer() does keep the verdict and write the peer last in key order", async () => {
  const suite = record([band("shortOverBestLag", -1)]);
  const merged = withPeer(suite, peer([band("shortOverBestLag", -2)], [0, 1, 2]));
  assert.equal(merged.verdict, "not-reproduced");
  const dir = await Deno.makeTempDir();
  const path = await writeRecord(dir, { peer: merged.peer, ...merged });
  const text = await Deno.readTextFile(path);
  const keys = Object.keys(JSON.parse(text));
  assert.equal(keys.at(-1), "peer");
  assert.deepEqual(keys, [...RECORD_KEYS]);
  assert.equal(parseRecord(text, "x").peer?.framework, "pytorch");
});

Deno.test("withPeer() does refuse another scale or seeds not starting with the record's", () => {
  const suite = record([band("x", 1)]);
  assert.throws(() => withPeer(suite, { ...peer([band("x", 1)]), scale: "quick" }), {
    name: "PeerError",
    message: "2.2.2-lstm-santafe: the twin ran at quick scale, the record is full",
  });
  assert.throws(() => withPeer(suite, peer([band("x", 1)], [1, 2])), {
    message: "2.2.2-lstm-santafe full: the twin ran seeds 1,2, which must start with the " +
      "record's 0,1",
  });
});

Deno.test("parseRecord() does read records without statements or peer", () => {
  const suite = record([band("x", 1)]);
  delete (suite as Partial<ResultRecord>).statements;
  assert.equal(parseRecord(JSON.stringify(suite), "x").peer, undefined);
});

Deno.test("peerAgreement() does compare the bands both measured", () => {
  const suite = record([band("a", -1), band("b", 1)]);
  assert.deepEqual(peerAgreement(suite), { agreement: "no-twin", compared: 0, differing: [] });
  const agrees = withPeer(suite, peer([band("a", -3), band("b", 2)]));
  assert.equal(peerAgreement(agrees).agreement, "agrees");
  assert.equal(peerAgreementText(agrees), "report not reproduced in TF.js and PyTorch");
  const differs = withPeer(suite, peer([band("a", 3), band("b", 2)]));
  assert.deepEqual(peerAgreement(differs), { agreement: "differs", compared: 2, differing: ["a"] });
  assert.equal(peerAgreementText(differs), "suite and PyTorch differ: suspect the suite");
  // A band whose metric the twin did not measure (a row it did not run) is left out.
  const partial = withPeer(suite, peer([band("b", 2)]));
  assert.deepEqual(peerAgreement(partial), { agreement: "agrees", compared: 1, differing: [] });
});

Deno.test("carryPeer() does keep the peer only for the same config, scale and seeds", () => {
  const old = withPeer(record([band("a", 1)]), peer([band("a", 1)]));
  assert.ok(carryPeer(old, record([band("a", 2)])).peer);
  assert.equal(carryPeer(old, record([band("a", 2)], [0, 1, 2])).peer, undefined);
  assert.equal(
    carryPeer(old, { ...record([band("a", 2)]), config: { epochs: 8 } }).peer,
    undefined,
  );
  assert.equal(carryPeer(undefined, record([band("a", 2)])).peer, undefined);
});

Deno.test("writeRecord() does keep the peer of the record a same-config run replaces", async () => {
  const dir = await Deno.makeTempDir();
  await writeRecord(dir, withPeer(record([band("a", 1)]), peer([band("a", 1)])));
  const again = await writeRecord(dir, record([band("a", 2)]));
  assert.equal(parseRecord(await Deno.readTextFile(again), "x").peer?.framework, "pytorch");
  await writeRecord(dir, { ...record([band("a", 2)]), config: { epochs: 8 } });
  assert.equal(parseRecord(await Deno.readTextFile(again), "x").peer, undefined);
});
