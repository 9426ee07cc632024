import * as tf from "@tensorflow/tfjs";
import { assertClose, type HostTensor, onBothBackends, randomHost } from "./_both_backends.ts";

/** The gradient of `Σ clip(x, lo, hi)·w` by definition: w where lo ≤ x ≤ hi, else 0. */
function reference(x: HostTensor, w: HostTensor, lo: number, hi: number): HostTensor {
  const values = x.values.map((v, i) => (v >= lo && v <= hi ? w.values[i] : 0));
  return { shape: x.shape, values };
}

Deno.test("clipByValueGradConfig() does pass the gradient inside the bounds only", async () => {
  const x = randomHost([7, 9], 500, { low: -2, high: 2 });
  // Values exactly on the bounds count as inside, as in tfjs-core's gradient.
  x.values.set([-0.5, 0.75, -0.5, 0.75, 0, 2, -2], 0);
  const w = randomHost([7, 9], 501);
  const got = await onBothBackends(
    [x, w],
    (xt, wt) => tf.grad((t: tf.Tensor) => tf.clipByValue(t, -0.5, 0.75).mul(wt).sum())(xt),
  );
  const expected = reference(x, w, -0.5, 0.75);
  assertClose(got.cpu[0], expected, { rtol: 0, label: "cpu" });
  assertClose(got.wasm[0], expected, { rtol: 0, label: "wasm" });
});
