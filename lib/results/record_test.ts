import assert from "node:assert/strict";
import { RECORD_KEYS, recordHolds, type ResultRecord } from "./mod.ts";

/** A record of seeds with one accuracy and one timing per seed. */
function record(seeds: number[], acc: (seed: number) => number, code = "sha256:1"): ResultRecord {
  const base = Object.fromEntries(RECORD_KEYS.map((key) => [key, null]));
  delete base.peer;
  delete base.diverged;
  const summary = (values: number[]) => ({ mean: values[0], values });
  return {
    ...base,
    claim: "3.3-attention",
    scale: "quick",
    backend: { name: "wasm" },
    versions: { code },
    config: { epochs: 2 },
    expected: "reproduced",
    bands: [{ metric: "acc", min: 0.9, why: "", value: 0.92, pass: true }],
    guards: [],
    seeds,
    metrics: {
      acc: summary(seeds.map(acc)),
      trainSeconds: summary(seeds.map(() => Math.random())),
      medianAcc: summary([0.9]),
    },
  } as never;
}

const acc = (seed: number) => 0.9 + seed / 100;

Deno.test("recordHolds() does keep a record that holds the fresh run's seeds value for value", () => {
  const held = record([0, 1, 2, 3, 4], acc);
  assert.equal(recordHolds(held, record([0, 1, 2], acc)), true);
  assert.equal(recordHolds(held, record([2, 0], acc)), true, "any order of held seeds");
});

Deno.test("recordHolds() does not keep a record that misses a seed, a value or the code", () => {
  const held = record([0, 1, 2, 3, 4], acc);
  assert.equal(recordHolds(held, record([0, 5], acc)), false, "seed 5 not held");
  assert.equal(recordHolds(held, record([0, 1], (s) => acc(s) + 1e-9)), false, "other values");
  assert.equal(recordHolds(held, record([0, 1], acc, "sha256:2")), false, "other code");
  const otherConfig = { ...record([0], acc), config: { epochs: 3 } };
  assert.equal(recordHolds(held, otherConfig), false, "other config");
  const band = { metric: "acc", min: 0.95, why: "", value: 0.92, pass: false };
  const otherBand = { ...record([0], acc), bands: [band] };
  assert.equal(recordHolds(held, otherBand), false, "a band changed since");
  const cut = { ...held, seeds: [0, 1, 2, 3, 4, 5] };
  assert.equal(recordHolds(cut, record([0], acc)), false, "a record cut before its last seed");
  const diverged = { ...held, diverged: [{ seed: 4, label: "adam", epoch: 3 }] };
  assert.equal(recordHolds(diverged as never, record([0], acc)), false, "a diverged seed");
});
