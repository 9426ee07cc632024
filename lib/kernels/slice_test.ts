import fc from "fast-check";
import { assertClose, onBothBackends, randomHost } from "./_both_backends.ts";

Deno.test("sliceConfig() does match the cpu backend on boxes of every rank", async () => {
  const x = randomHost([4, 3, 5, 6], 1);
  const boxes: [number[], number[]][] = [
    [[0, 0, 0, 0], [4, 3, 5, 6]], // whole
    [[1, 0, 0, 0], [2, 3, 5, 6]], // contiguous along the first axis
    [[1, 1, 2, 3], [2, 2, 3, 2]], // strided on every axis
    [[0, 2, 0, 0], [4, 1, 5, 6]], // one index of a middle axis
    [[3, 2, 4, 5], [1, 1, 1, 1]], // one element
    [[0, 0, 0, 0], [4, 3, 5, 0]], // empty
  ];
  for (const [begin, size] of boxes) {
    const got = await onBothBackends([x], (t) => t.slice(begin, size));
    assertClose(got.wasm[0], got.cpu[0], { rtol: 0, label: `slice ${begin} ${size}` });
  }
  const low = await onBothBackends(
    [randomHost([7], 2), randomHost([5, 4], 3)],
    (a, b) => [a.slice(2, 3), b.slice([1, 1], [-1, 2]), b.toInt().slice([2, 0], [2, 4]).toFloat()],
  );
  low.cpu.forEach((c, i) => assertClose(low.wasm[i], c, { rtol: 0, label: `low rank ${i}` }));
});

Deno.test("sliceConfig() does match the cpu backend on random boxes", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }).chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.tuple(...shape.map((n) => fc.integer({ min: 0, max: n - 1 }))),
          fc.tuple(...shape.map((n) => fc.integer({ min: 1, max: n }))),
        )
      ),
      async ([shape, starts, lengths]) => {
        const begin = starts.map((b, i) => Math.min(b, shape[i] - 1));
        const size = lengths.map((n, i) => Math.min(n, shape[i] - begin[i]));
        const got = await onBothBackends([randomHost(shape, 4)], (t) => t.slice(begin, size));
        assertClose(got.wasm[0], got.cpu[0], { rtol: 0, label: `${shape} ${begin} ${size}` });
      },
    ),
    { numRuns: 60, seed: 5 },
  );
});

Deno.test("splitVConfig() and unpackConfig() do match the cpu backend on every axis", async () => {
  const x = randomHost([4, 6, 3], 6);
  for (const axis of [0, 1, 2, -1]) {
    const split = await onBothBackends([x], (t) => t.split(t.shape.at(axis)! === 6 ? 3 : 1, axis));
    split.cpu.forEach((c, i) => assertClose(split.wasm[i], c, { rtol: 0, label: `split ${i}` }));
    const unstacked = await onBothBackends([x], (t) => t.unstack(axis));
    unstacked.cpu.forEach((c, i) =>
      assertClose(unstacked.wasm[i], c, { rtol: 0, label: `unstack axis ${axis} part ${i}` })
    );
  }
  const sized = await onBothBackends([x], (t) => t.split([1, -1, 2], 1));
  sized.cpu.forEach((c, i) => assertClose(sized.wasm[i], c, { rtol: 0, label: `sizes ${i}` }));
});
