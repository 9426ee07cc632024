/**
 * `deno task bench`: training and inference throughput of the report's model types, one JSON
 * line per measurement: `{"model", "backend", "phase": "train"|"infer", "batch", "samplesPerSec"}`.
 *
 * Usage: `deno task bench [--backend wasm|cpu|webgpu] [--models mlp,cnn,lstm,vit] [--seconds N]
 * [--warmup N] [--phases train,infer] [--kernels suite|native] [--step lean|keras] [--peer]
 * [--repeats N]`. Data are
 * synthetic; each measurement runs warm-up steps first, then as many steps as fit in `--seconds`
 * (at least one), and fails when the live tensor count changes across them.
 *
 * `--peer` trains each model in TF.js and in PyTorch (`bench/peer_torch.py`, where a Python with
 * torch is found), alternating the two `--repeats` times within the same minute so that both see
 * the same machine load, and prints per pair `{"model", "backend", "batch", "tfjs", "torch",
 * "ratio", "tfjsPeak", "torchPeak", "load", "peer"}`: samples/s, tfjs / torch, the fraction of
 * the machine's FMA peak each reaches, and the 1-minute load average.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { BACKEND_CHOICES, type BackendChoice, initBackend } from "../lib/backend/mod.ts";
import { unregisterWasmTrainingKernels } from "../lib/kernels/mod.ts";
import { FusedAdam } from "../lib/optimizers/mod.ts";
import { trainStep } from "../lib/training/mod.ts";
import { BENCH_MODELS, type BenchModel, DEFAULT_BENCH_MODELS, syntheticBatch } from "./_models.ts";
import { findTorchPython, TORCH_PYTHONS } from "../crosscheck/torch_python.ts";

const HELP = `Usage: deno task bench [options]
  --backend wasm|cpu|webgpu   backend to measure (default wasm)
  --models a,b                models among ${Object.keys(BENCH_MODELS).join(",")}
                              (default ${DEFAULT_BENCH_MODELS.join(",")})
  --seconds N                 seconds per measurement after warm-up (default 3)
  --warmup N                  untimed steps before each measurement, ≥ 1 (default 3)
  --phases train,infer        phases to measure (default both)
  --kernels suite|native      wasm: the suite's training kernels (default) or 4.22's own
  --step lean|keras           training step: trainStep with FusedAdam (default), or
                              model.trainOnBatch with tf.train.adam (the step before)
  --peer                      train each model in TF.js and PyTorch alternately, print ratios
  --repeats N                 --peer: TF.js/PyTorch pairs per model (default 2)
  --profile                   per-kernel calls and time of one training step (tf.profile)`;

/**
 * Measured FMA peak of the development machine (2 Zen 4 cores, AVX-512), GFLOP/s: the
 * denominator of `tfjsPeak` and `torchPeak`.
 */
const PEAK_GFLOPS = 233;

/** One measurement, in the JSON line's key order. */
interface Measurement {
  model: string;
  backend: string;
  phase: "train" | "infer";
  /** The training step (train lines only). */
  step?: StepKind;
  batch: number;
  samplesPerSec: number;
}

/** How a training step is taken: `lean` (the suite's) or `keras` (`trainOnBatch`). */
type StepKind = "lean" | "keras";

/**
 * Compile `model` for `kind` and return its training step on `[x, y]`, which reads the loss back
 * (so the step has finished): `lean` is `trainStep` with `FusedAdam`, `keras` is
 * `model.trainOnBatch` with `tf.train.adam`; both Adam 1e-3 with the same numbers.
 */
function compileStep(
  model: tf.LayersModel,
  spec: BenchModel,
  kind: StepKind,
  [x, y]: [tf.Tensor, tf.Tensor],
): () => Promise<void> {
  model.compile({
    optimizer: kind === "lean" ? new FusedAdam(1e-3) : tf.train.adam(1e-3),
    loss: spec.loss,
  });
  if (kind === "keras") {
    return async () => {
      await model.trainOnBatch(x, y);
    };
  }
  return async () => {
    const loss = trainStep(model, [x, y]);
    await loss.data();
    loss.dispose();
  };
}

/** Run `step` `warmup` times, then for `seconds` (at least once); return steps per second. */
async function timeSteps(
  step: () => Promise<void>,
  options: { warmup: number; seconds: number; label: string },
): Promise<number> {
  for (let i = 0; i < options.warmup; i++) await step();
  const before = tf.memory().numTensors;
  const start = performance.now();
  let steps = 0;
  do {
    await step();
    steps++;
  } while (performance.now() - start < options.seconds * 1000);
  const elapsed = (performance.now() - start) / 1000;
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(
      `${options.label} leaks tensors: ${before} live before ${steps} steps, ${after} after`,
    );
  }
  return steps / elapsed;
}

async function measure(
  spec: BenchModel,
  backend: string,
  options: { warmup: number; seconds: number; phases: string[]; step: StepKind },
): Promise<Measurement[]> {
  const model = spec.build();
  const [x, y] = syntheticBatch(spec);
  const train = compileStep(model, spec, options.step, [x, y]);
  const out: Measurement[] = [];
  try {
    const steps: Record<"train" | "infer", () => Promise<void>> = {
      train,
      infer: () => {
        tf.tidy(() => {
          (model.predict(x) as tf.Tensor).dataSync();
        });
        return Promise.resolve();
      },
    };
    for (const phase of ["train", "infer"] as const) {
      if (!options.phases.includes(phase)) continue;
      const perSec = await timeSteps(steps[phase], { ...options, label: `${spec.name} ${phase}` });
      out.push({
        model: spec.name,
        backend,
        phase,
        step: phase === "train" ? options.step : undefined,
        batch: spec.batch,
        samplesPerSec: Number((perSec * spec.batch).toPrecision(4)), // 4 significant digits
      });
      console.log(JSON.stringify(out[out.length - 1]));
    }
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
  }
  return out;
}

/** One PyTorch training measurement of `model` by `bench/peer_torch.py`. */
async function peerTrain(
  python: string,
  model: string,
  options: { warmup: number; seconds: number },
): Promise<{ samplesPerSec: number } & Record<string, unknown>> {
  const script = new URL("./peer_torch.py", import.meta.url).pathname;
  const { success, stdout, stderr } = await new Deno.Command(python, {
    args: [
      script,
      `--model=${model}`,
      `--seconds=${options.seconds}`,
      `--warmup=${options.warmup}`,
    ],
  }).output();
  const text = new TextDecoder().decode(stdout).trim();
  if (!success) {
    throw new Error(`Peer ${model} failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
  return JSON.parse(text.split("\n").at(-1)!);
}

/** Train `spec` in TF.js and PyTorch alternately, print one JSON line per pair. */
async function measurePeer(
  spec: BenchModel,
  backend: string,
  python: string,
  options: { warmup: number; seconds: number; repeats: number; step: StepKind },
): Promise<void> {
  const model = spec.build();
  const [x, y] = syntheticBatch(spec);
  const step = compileStep(model, spec, options.step, [x, y]);
  const round = (v: number, digits: number) => Number(v.toPrecision(digits));
  try {
    for (let r = 0; r < options.repeats; r++) {
      // Warm-up steps only before the first pair: the later ones continue the same model.
      const warmup = r === 0 ? options.warmup : 1;
      const tfjs = spec.batch *
        await timeSteps(step, { warmup, seconds: options.seconds, label: `${spec.name} train` });
      const peer = await peerTrain(python, spec.name, options);
      const peak = (perSec: number) =>
        round(perSec * spec.trainFlopsPerSample / (PEAK_GFLOPS * 1e9), 3);
      console.log(JSON.stringify({
        model: spec.name,
        backend,
        step: options.step,
        batch: spec.batch,
        tfjs: round(tfjs, 4),
        torch: peer.samplesPerSec,
        ratio: round(tfjs / peer.samplesPerSec, 3),
        tfjsPeak: peak(tfjs),
        torchPeak: peak(peer.samplesPerSec),
        load: round(Deno.loadavg()[0], 3),
        peer: {
          threads: peer.threads,
          blasThreads: peer.blasThreads,
          channelsLast: peer.channelsLast,
          torch: peer.torch,
        },
      }));
    }
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
  }
}

/**
 * Profile one training step of `spec` after warm-up and print one JSON line: the step's kernel
 * calls and time, and per kernel its calls and total milliseconds, slowest first.
 */
async function profileTrain(
  spec: BenchModel,
  backend: string,
  options: { warmup: number; step: StepKind },
): Promise<void> {
  const model = spec.build();
  const [x, y] = syntheticBatch(spec);
  const step = compileStep(model, spec, options.step, [x, y]);
  try {
    for (let i = 0; i < options.warmup; i++) await step();
    const start = performance.now();
    const info = await tf.profile(step);
    const stepMs = performance.now() - start;
    const byName = new Map<string, { calls: number; ms: number }>();
    for (const k of info.kernels) {
      const entry = byName.get(k.name) ?? { calls: 0, ms: 0 };
      entry.calls++;
      entry.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
      byName.set(k.name, entry);
    }
    const kernels = [...byName.entries()]
      .sort((p, q) => q[1].ms - p[1].ms)
      .map(([name, { calls, ms }]) => ({ name, calls, ms: Number(ms.toFixed(2)) }));
    console.log(JSON.stringify({
      model: spec.name,
      backend,
      step: options.step,
      batch: spec.batch,
      stepMs: Number(stepMs.toFixed(1)), // includes the profiler's own overhead
      kernelMs: Number(kernels.reduce((t, k) => t + k.ms, 0).toFixed(1)),
      calls: info.kernels.length,
      load: Number(Deno.loadavg()[0].toPrecision(3)),
      kernels,
    }));
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
  }
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: "string", default: "wasm" },
      models: { type: "string", default: DEFAULT_BENCH_MODELS.join(",") },
      seconds: { type: "string", default: "3" },
      warmup: { type: "string", default: "3" },
      phases: { type: "string", default: "train,infer" },
      kernels: { type: "string", default: "suite" },
      step: { type: "string", default: "lean" },
      peer: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      repeats: { type: "string", default: "2" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const backend = values.backend as BackendChoice;
  if (!BACKEND_CHOICES.includes(backend) || backend === "auto") {
    console.error(`Unknown backend '${values.backend}': expected one of wasm, cpu, webgpu`);
    return 2;
  }
  const names = values.models.split(",").filter((m) => m);
  const unknown = names.filter((m) => !(m in BENCH_MODELS));
  if (unknown.length > 0) {
    console.error(
      `Unknown model '${unknown.join(",")}': expected among ${Object.keys(BENCH_MODELS)}`,
    );
    return 2;
  }
  const seconds = Number(values.seconds);
  const warmup = Number(values.warmup);
  // The first step creates the optimizer's slots (Adam's moments): the tensor count is only
  // comparable from the second step on.
  if (!(seconds > 0) || !Number.isInteger(warmup) || warmup < 1) {
    console.error(
      `Expected --seconds > 0 and --warmup an integer ≥ 1: got ${values.seconds}, ${values.warmup}`,
    );
    return 2;
  }
  const phases = values.phases.split(",");
  if (values.kernels !== "suite" && values.kernels !== "native") {
    console.error(`Unknown kernels '${values.kernels}': expected suite or native`);
    return 2;
  }
  if (values.step !== "lean" && values.step !== "keras") {
    console.error(`Unknown step '${values.step}': expected lean or keras`);
    return 2;
  }
  const step = values.step as StepKind;
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) {
    console.error(`Expected --repeats an integer ≥ 1: got ${values.repeats}`);
    return 2;
  }
  let python: string | undefined;
  if (values.peer) {
    python = await findTorchPython();
    if (!python) {
      console.error(
        `No Python with torch found (tried ${TORCH_PYTHONS.join(", ")}; set ANNDL_PEER_PYTHON): ` +
          "the peer is skipped, TF.js alone is measured",
      );
    }
  }
  const info = await initBackend(backend);
  if (values.kernels === "native") unregisterWasmTrainingKernels();
  let failed = 0;
  for (const name of names) {
    try {
      if (values.profile) {
        await profileTrain(BENCH_MODELS[name], info.name, { warmup, step });
      } else if (python) {
        await measurePeer(BENCH_MODELS[name], info.name, python, {
          seconds,
          warmup,
          repeats,
          step,
        });
      } else await measure(BENCH_MODELS[name], info.name, { seconds, warmup, phases, step });
    } catch (error) {
      // One model failing (e.g. a conv model on 4.22's own kernels) does not stop the others.
      console.error(`${name} failed: ${error instanceof Error ? error.message : error}`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
