import * as tf from "@tensorflow/tfjs";
import { assertClose, type HostTensor, onBothBackends, randomHost } from "./_both_backends.ts";

/** The gradient of `Σ tile(x, reps)·w` by definition: each x element sums w over its copies. */
function reference(xShape: number[], w: HostTensor): HostTensor {
  const out = new Float32Array(xShape.reduce((p, d) => p * d, 1));
  const outShape = w.shape;
  const index = new Array(outShape.length).fill(0);
  for (let flat = 0; flat < w.values.length; flat++) {
    let k = 0;
    for (let a = 0; a < xShape.length; a++) k = k * xShape[a] + (index[a] % xShape[a]);
    out[k] += w.values[flat];
    for (let a = outShape.length - 1; a >= 0; a--) {
      if (++index[a] < outShape[a]) break;
      index[a] = 0;
    }
  }
  return { shape: xShape, values: out };
}

const CASES: [number[], number[]][] = [
  [[5], [3]],
  [[2, 3], [4, 1]],
  [[1, 1, 8], [6, 5, 1]], // layer norm's scale and offset
  [[6, 5, 1], [1, 1, 8]], // layer norm's moments
  [[2, 1, 3], [2, 3, 2]],
  [[2, 3, 1, 2], [1, 2, 3, 2]],
  [[3, 2], [1, 1]],
];

Deno.test("tileGradConfig() does sum the gradient over the copies", async () => {
  for (const [i, [xShape, reps]] of CASES.entries()) {
    const x = randomHost(xShape, 200 + i);
    const w = randomHost(xShape.map((d, a) => d * reps[a]), 300 + i);
    const got = await onBothBackends(
      [x, w],
      (xt, wt) => tf.grad((t: tf.Tensor) => tf.tile(t, reps).mul(wt).sum())(xt),
    );
    const expected = reference(xShape, w);
    assertClose(got.cpu[0], expected, { label: `cpu x [${xShape}] reps [${reps}]` });
    assertClose(got.wasm[0], expected, { label: `wasm x [${xShape}] reps [${reps}]` });
  }
});

Deno.test("tileConfig() does match the cpu backend", async () => {
  for (const [i, [xShape, reps]] of CASES.entries()) {
    const got = await onBothBackends([randomHost(xShape, 400 + i)], (x) => tf.tile(x, reps));
    assertClose(got.wasm[0], got.cpu[0], { rtol: 0, label: `x [${xShape}] reps [${reps}]` });
  }
  const ints = await onBothBackends(
    [randomHost([2, 3], 9)],
    (x) => tf.tile(x.mul(10).toInt(), [2, 2]).toFloat(),
  );
  assertClose(ints.wasm[0], ints.cpu[0], { rtol: 0, label: "int32" });
});
