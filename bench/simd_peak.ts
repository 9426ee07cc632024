/**
 * One thread's WASM SIMD peak and what the suite's SIMD kernels (`asm/kernels.ts`) reach of it.
 *
 * `deno task bench:simd` prints one JSON line per measurement: the peak of the GEMM's register
 * tile on operands in L1, 12 independent 128-bit multiply-adds a round (relaxed-SIMD fused
 * multiply-add and plain multiply-then-add), then each kernel at the bench models' shapes with its GFLOP/s and its
 * fraction of the higher of the two peaks, for both builds and, through the backend, against the kernel it
 * replaces (`off`: XNNPACK or the JavaScript loop). The CNN's conv2 kernels run both ways,
 * `path: "im2col"` and `"winograd"` (`lib/kernels/winograd.ts`): their `gflops` count the direct
 * convolution's arithmetic, `winogradGflops` what Winograd's GEMMs actually do. Each figure is the
 * best of `--repeats` timed calls: on a shared machine the best call is the one least disturbed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { initBackend } from "../lib/backend/mod.ts";
import { useWinograd } from "../lib/kernels/winograd.ts";
import {
  LSTM_SEQUENCE,
  LSTM_SEQUENCE_GRAD,
  simdKernelsOn,
  type SimdMode,
  useSimdKernels,
} from "../lib/kernels/mod.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: { repeats: { type: "string", default: "15" } },
});
const repeats = Math.max(1, Number(flags.repeats));

/** Best seconds of `times` calls of `f` (after one untimed call). */
function best(f: () => void, times = repeats): number {
  f();
  let fastest = Infinity;
  for (let r = 0; r < times; r++) {
    const t = performance.now();
    f();
    fastest = Math.min(fastest, (performance.now() - t) / 1000);
  }
  return fastest;
}

function print(record: Record<string, unknown>): void {
  console.log(JSON.stringify(record));
}

const load = () => Number(Deno.loadavg()[0].toFixed(2));
const memory = new WebAssembly.Memory({ initial: 2048 }); // 128 MiB
const peaks = new Map<string, number>();
for (const mode of ["relaxed", "plain"] as const) {
  const simd = simdKernelsOn(memory, mode);
  if (!simd) {
    print({ kernel: "peak", build: mode, error: "this V8 does not validate the build" });
    continue;
  }
  // Short calls, many of them: the best one ran on a core nobody else held.
  const iterations = 500_000;
  // The panels at the start of the bench's own memory, values in [-0.5, 0.5).
  const panels = new Float32Array(memory.buffer, 0, simd.peakBufferBytes() / 4);
  panels.forEach((_, i) => panels[i] = Math.random() - 0.5);
  const seconds = best(() => simd.peak(iterations, 0), 20 * repeats);
  const gflops = (iterations * 12 * 8) / seconds / 1e9;
  peaks.set(mode, gflops);
  print({ kernel: "peak", build: mode, gflops: round(gflops), load: load() });
}
// The fraction of peak is taken against the faster of the two builds' loops.
const peak = Math.max(...peaks.values());

// The GEMM alone, on its own memory: the CNN's filter gradients in im2col form (A = colsᵀ, stored
// [k, m]) and the ViT's dense weight gradients ([tokens, in]ᵀ · [tokens, out]).
const GEMMS: { label: string; m: number; n: number; k: number }[] = [
  { label: "cnn conv2 filter grad", m: 288, n: 64, k: 128 * 11 * 11 },
  { label: "cnn conv1 filter grad", m: 9, n: 32, k: 128 * 26 * 26 },
  { label: "vit qkv weight grad", m: 64, n: 192, k: 128 * 17 },
  { label: "lstm recurrent step", m: 32, n: 400, k: 100 },
  { label: "lstm recurrent step, backward", m: 32, n: 100, k: 400 },
];
for (const g of GEMMS) {
  for (const mode of peaks.keys()) {
    const simd = simdKernelsOn(memory, mode as "relaxed" | "plain")!;
    const a = 1024;
    const b = a + 4 * g.m * g.k;
    const c = b + 4 * g.k * g.n;
    const scratch = (c + 4 * g.m * g.n + 64) & ~15;
    const heap = new Float32Array(memory.buffer);
    for (let i = a / 4; i < c / 4; i++) heap[i] = Math.sin(i);
    const seconds = best(() => simd.gemm(g.m, g.n, g.k, a, 1, g.m, b, g.n, 1, c, g.n, 0, scratch));
    const gflops = (2 * g.m * g.n * g.k) / seconds / 1e9;
    print({
      kernel: "gemm",
      shape: g.label,
      mnk: [g.m, g.n, g.k],
      build: mode,
      ms: round(seconds * 1000),
      gflops: round(gflops),
      ofPeak: round(gflops / peak, 3),
      load: load(),
    });
  }
}

// Through the backend: each kernel against the path it replaces.
await initBackend("wasm");
/** A kernel through the backend; `simdOnly` ones have no earlier path to compare with. */
interface BenchKernel {
  label: string;
  flops: number;
  run: () => tf.Tensor | tf.Tensor[];
  simdOnly?: boolean;
  /**
   * FLOP of the 16 GEMMs where the kernel takes the Winograd path (`lib/kernels/winograd.ts`):
   * then it is measured both ways, `flops` counting the direct convolution's arithmetic.
   */
  winogradFlops?: number;
}
/** FLOP of Winograd F(2×2, 3×3)'s GEMMs for `[batch, oh, ow]` outputs and `cin` → `cout`. */
const winogradFlops = (batch: number, oh: number, ow: number, cin: number, cout: number) =>
  2 * 16 * batch * Math.ceil(oh / 2) * Math.ceil(ow / 2) * cin * cout;
const KERNELS: BenchKernel[] = [];
{
  const x = tf.randomUniform([128, 13, 13, 32], -1, 1);
  const dy = tf.randomUniform([128, 11, 11, 64], -1, 1);
  KERNELS.push({
    label: "Conv2DBackpropFilter cnn conv2 [128, 13, 13, 32] → [3, 3, 32, 64]",
    flops: 2 * 128 * 11 * 11 * 288 * 64,
    winogradFlops: winogradFlops(128, 11, 11, 32, 64),
    run: () =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x, dy }, {
        strides: [1, 1],
        pad: "valid",
        dataFormat: "NHWC",
        filterShape: [3, 3, 32, 64],
      }) as tf.Tensor,
  });
  const x1 = tf.randomUniform([128, 28, 28, 1], -1, 1);
  const dy1 = tf.randomUniform([128, 26, 26, 32], -1, 1);
  KERNELS.push({
    label: "Conv2DBackpropFilter cnn conv1 [128, 28, 28, 1] → [3, 3, 1, 32]",
    flops: 2 * 128 * 26 * 26 * 9 * 32,
    run: () =>
      tf.engine().runKernel("Conv2DBackpropFilter", { x: x1, dy: dy1 }, {
        strides: [1, 1],
        pad: "valid",
        dataFormat: "NHWC",
        filterShape: [3, 3, 1, 32],
      }) as tf.Tensor,
  });
  const w2 = tf.randomUniform([3, 3, 32, 64], -1, 1) as tf.Tensor4D;
  KERNELS.push({
    label: "Conv2D cnn conv2 [128, 13, 13, 32] * [3, 3, 32, 64]",
    flops: 2 * 128 * 11 * 11 * 288 * 64,
    winogradFlops: winogradFlops(128, 11, 11, 32, 64),
    run: () => tf.conv2d(x as tf.Tensor4D, w2, 1, "valid"),
  });
  const w1 = tf.randomUniform([3, 3, 1, 32], -1, 1) as tf.Tensor4D;
  KERNELS.push({
    label: "Conv2D cnn conv1 [128, 28, 28, 1] * [3, 3, 1, 32]",
    flops: 2 * 128 * 26 * 26 * 9 * 32,
    run: () => tf.conv2d(x1 as tf.Tensor4D, w1, 1, "valid"),
  });
  KERNELS.push({
    label: "Conv2DBackpropInput cnn conv2 [128, 11, 11, 64] → [128, 13, 13, 32]",
    flops: 2 * 128 * 11 * 11 * 288 * 64,
    winogradFlops: winogradFlops(128, 13, 13, 64, 32),
    run: () =>
      tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: w2 }, {
        inputShape: [128, 13, 13, 32],
        strides: [1, 1],
        pad: "valid",
        dataFormat: "NHWC",
      }) as tf.Tensor,
  });
  const q = tf.randomUniform([128, 4, 17, 16], -1, 1);
  const kk = tf.randomUniform([128, 4, 17, 16], -1, 1);
  const att = tf.randomUniform([128, 4, 17, 17], -1, 1);
  KERNELS.push({
    label: "BatchMatMul vit scores [128, 4, 17, 16]·[128, 4, 17, 16]ᵀ",
    flops: 2 * 512 * 17 * 17 * 16,
    run: () => tf.matMul(q, kk, false, true),
  });
  KERNELS.push({
    label: "BatchMatMul vit weights·values [128, 4, 17, 17]·[128, 4, 17, 16]",
    flops: 2 * 512 * 17 * 17 * 16,
    run: () => tf.matMul(att, kk),
  });
  const tokens = tf.randomUniform([2176, 64], -1, 1);
  const wqkv = tf.randomUniform([64, 192], -1, 1);
  const dqkv = tf.randomUniform([2176, 192], -1, 1);
  KERNELS.push({
    label: "BatchMatMul vit qkv [2176, 64]·[64, 192]",
    flops: 2 * 2176 * 64 * 192,
    run: () => tf.matMul(tokens, wqkv),
  });
  KERNELS.push({
    label: "BatchMatMul vit qkv weight grad [2176, 64]ᵀ·[2176, 192]",
    flops: 2 * 2176 * 64 * 192,
    run: () => tf.matMul(tokens, dqkv, true, false),
  });
  KERNELS.push({
    label: "BatchMatMul vit qkv input grad [2176, 192]·[64, 192]ᵀ",
    flops: 2 * 2176 * 64 * 192,
    run: () => tf.matMul(dqkv, wqkv, false, true),
  });
  const p = tf.randomUniform([128, 26, 26, 32], -1, 1) as tf.Tensor4D;
  const py = tf.maxPool(p, 2, 2, "valid");
  const pdy = tf.randomUniform(py.shape, -1, 1);
  KERNELS.push({
    label: "MaxPoolGrad cnn pool1 [128, 26, 26, 32]",
    flops: 0,
    run: () =>
      tf.engine().runKernel("MaxPoolGrad", { dy: pdy, input: p, output: py }, {
        filterSize: [2, 2],
        strides: [2, 2],
        pad: "valid",
      }) as tf.Tensor,
  });
  // The LSTM's recurrence (bench model `lstm`: LSTM(100), 50 steps, batch 32): the FLOP counted are
  // the 49 recurrent products of each pass.
  const [steps, batch, units] = [50, 32, 100];
  const z = tf.randomUniform([steps, batch, 4 * units], -2, 2);
  const recurrent = tf.randomUniform([units, 4 * units], -0.1, 0.1);
  const forward = () => tf.engine().runKernel(LSTM_SEQUENCE, { z, recurrent }) as tf.Tensor[];
  const [gates, cells, , tanhCells] = forward();
  const lastDy = tf.randomUniform([batch, units], -1, 1);
  const recurrentFlops = 2 * (steps - 1) * batch * units * 4 * units;
  KERNELS.push({
    label: "LstmSequence lstm [50, 32, 400] (forward, 50 steps)",
    flops: recurrentFlops,
    run: forward,
    simdOnly: true,
  });
  KERNELS.push({
    label: "LstmSequenceGrad lstm [50, 32, 400] (backward, 50 steps)",
    flops: recurrentFlops,
    run: () =>
      tf.engine().runKernel(LSTM_SEQUENCE_GRAD, {
        dy: lastDy,
        recurrent,
        gates,
        cells,
        tanhCells,
      }) as tf.Tensor,
    simdOnly: true,
  });
}
// The kernels read the backend's heap in place. What copying the operands into a module's own
// memory once per call would cost instead: the CNN's conv2 filter gradient reads x and dy (6.6 MB).
{
  const bytes = 4 * (128 * 13 * 13 * 32 + 128 * 11 * 11 * 64);
  const source = new Float32Array(bytes / 4).map((_, i) => Math.sin(i));
  const own = new Float32Array(
    new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) }).buffer,
  );
  const seconds = best(() => own.set(source));
  print({
    kernel: "copy of conv2's x and dy into a module's own memory",
    bytes,
    ms: round(seconds * 1000, 2),
    load: load(),
  });
}
for (const k of KERNELS) {
  for (const mode of [...(k.simdOnly ? [] : ["off"]), ...peaks.keys()] as SimdMode[]) {
    useSimdKernels(mode);
    const paths = k.winogradFlops && mode !== "off" ? ["im2col", "winograd"] : [undefined];
    for (const path of paths) {
      if (path) useWinograd(path === "winograd");
      const seconds = best(() => {
        const out = [k.run()].flat();
        out[0].dataSync();
        tf.dispose(out);
      });
      const gflops = k.flops / seconds / 1e9;
      // Winograd's own arithmetic rate: its GEMMs' FLOP over the whole call's time.
      const done = path === "winograd" ? k.winogradFlops! / seconds / 1e9 : undefined;
      print({
        kernel: k.label,
        build: mode,
        ...(path ? { path } : {}),
        ms: round(seconds * 1000),
        ...(k.flops ? { gflops: round(gflops), ofPeak: round(gflops / peak, 3) } : {}),
        ...(done ? { winogradGflops: round(done), winogradOfPeak: round(done / peak, 3) } : {}),
        load: load(),
      });
    }
    useWinograd(undefined);
  }
}
useSimdKernels(undefined);

function round(v: number, digits = 1): number {
  return Number(v.toFixed(digits));
}
