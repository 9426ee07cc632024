import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import { useSimdKernels } from "./mod.ts";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

Deno.test("sumConfig() does match the cpu backend over leading and other axes", async () => {
  const x = randomHost([6, 5, 4, 3], 1, { low: -2, high: 1 });
  const cases: [number | number[], boolean][] = [
    [[0, 1, 2], false], // a conv bias gradient
    [[0, 1, 2], true],
    [0, false],
    [[1, 0], true],
    [-1, false],
    [[1, 3], false],
    [[0, 1, 2, 3], false],
  ];
  for (const [axis, keepDims] of cases) {
    const got = await onBothBackends([x], (t) => t.sum(axis, keepDims));
    assertClose(got.wasm[0], got.cpu[0], { label: `axis ${axis} keepDims ${keepDims}` });
  }
  const ints = await onBothBackends([x], (t) => t.mul(10).toInt().sum([0, 1]).toFloat());
  assertClose(ints.wasm[0], ints.cpu[0], { rtol: 0, label: "int32" });
});

Deno.test("sumConfig() does give the same bits with and without the SIMD kernel", async () => {
  await initBackend("wasm");
  for (const shape of [[129, 32], [37, 7], [5, 3, 1], [2, 4, 6, 5], [1000, 64]]) {
    const x = randomHost(shape, shape.length, { low: -3, high: 5 });
    const sums = (["relaxed", "off"] as const).map((mode) => {
      useSimdKernels(mode);
      try {
        return tf.tidy(() => tf.tensor(x.values, x.shape).sum(0).dataSync());
      } finally {
        useSimdKernels(undefined);
      }
    });
    assert.deepEqual(Array.from(sums[0]), Array.from(sums[1]), `[${shape}]`);
  }
});
