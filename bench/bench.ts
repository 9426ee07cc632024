/**
 * `deno task bench`: training and inference throughput of the report's model types, one JSON
 * line per measurement: `{"model", "backend", "phase": "train"|"infer", "batch", "samplesPerSec"}`.
 *
 * Usage: `deno task bench [--backend wasm|cpu|webgpu] [--models mlp,cnn,lstm,vit] [--seconds N]
 * [--warmup N] [--phases train,infer] [--kernels suite|native]`. Data are synthetic; each
 * measurement runs warm-up steps first, then as many steps as fit in `--seconds` (at least one),
 * and fails when the live tensor count changes across them.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { BACKEND_CHOICES, type BackendChoice, initBackend } from "../lib/backend/mod.ts";
import { unregisterWasmTrainingKernels } from "../lib/kernels/mod.ts";
import { BENCH_MODELS, type BenchModel, syntheticBatch } from "./_models.ts";

const HELP = `Usage: deno task bench [options]
  --backend wasm|cpu|webgpu   backend to measure (default wasm)
  --models a,b                models among ${Object.keys(BENCH_MODELS).join(",")} (default all)
  --seconds N                 seconds per measurement after warm-up (default 3)
  --warmup N                  untimed steps before each measurement, ≥ 1 (default 3)
  --phases train,infer        phases to measure (default both)
  --kernels suite|native      wasm: the suite's training kernels (default) or 4.22's own`;

/** One measurement, in the JSON line's key order. */
interface Measurement {
  model: string;
  backend: string;
  phase: "train" | "infer";
  batch: number;
  samplesPerSec: number;
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
  options: { warmup: number; seconds: number; phases: string[] },
): Promise<Measurement[]> {
  const model = spec.build();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: spec.loss });
  const [x, y] = syntheticBatch(spec);
  const out: Measurement[] = [];
  try {
    const steps: Record<"train" | "infer", () => Promise<void>> = {
      train: async () => {
        await model.trainOnBatch(x, y); // reads the loss back, so the step has finished
      },
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

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      backend: { type: "string", default: "wasm" },
      models: { type: "string", default: Object.keys(BENCH_MODELS).join(",") },
      seconds: { type: "string", default: "3" },
      warmup: { type: "string", default: "3" },
      phases: { type: "string", default: "train,infer" },
      kernels: { type: "string", default: "suite" },
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
  const info = await initBackend(backend);
  if (values.kernels === "native") unregisterWasmTrainingKernels();
  let failed = 0;
  for (const name of names) {
    try {
      await measure(BENCH_MODELS[name], info.name, { seconds, warmup, phases });
    } catch (error) {
      // One model failing (e.g. a conv model on 4.22's own kernels) does not stop the others.
      console.error(`${name} failed: ${error instanceof Error ? error.message : error}`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
