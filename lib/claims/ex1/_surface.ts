/**
 * The section 1.3 experiment shared by claims 1.3.1–1.3.3: train the 2-w-w-1 ReLU network on the
 * noisy surface with one optimizer and measure the final training MSE (against the noisy targets)
 * and the test MSE (against the noise-free surface on the same grid), as the course notebook does.
 *
 * The loop is written out instead of `model.fit` because the net is tiny: `fit`'s per-batch
 * bookkeeping would cost more than the arithmetic (2,500 epochs of 40 batches for SGD batch 40).
 *
 * @module
 */
import process from "node:process";
import * as tf from "@tensorflow/tfjs";
import { makeSurface } from "../../data/mod.ts";
import { buildSurfaceMlp } from "../../models/mod.ts";
import {
  createOptimizer,
  Lbfgs,
  type OptimizerSpec,
  variablesProblem,
} from "../../optimizers/mod.ts";
import { DivergedError, threadCpuSeconds } from "../../training/mod.ts";
import type { EpochLog } from "../claim.ts";

/** The five optimizers of sections 1.3.2 and 1.3.3, with the batch size each was run with. */
export interface SurfaceOptimizer {
  /** The report's name, `optim1` … `optim5`. */
  name: string;
  spec: OptimizerSpec;
  /** Points per step; 1600 is the full grid (full-batch). */
  batchSize: number;
}

/**
 * The report's five optimizers (section 1.3.2; batch sizes from the course notebook). PyTorch's
 * defaults apply where the report names none: Adam lr 1e-3 with ε 1e-8.
 */
export const SURFACE_OPTIMIZERS: readonly SurfaceOptimizer[] = [
  { name: "optim1", spec: { kind: "sgd", lr: 0.05 }, batchSize: 1600 },
  { name: "optim2", spec: { kind: "sgd", lr: 0.1 }, batchSize: 40 },
  {
    name: "optim3",
    spec: { kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true },
    batchSize: 400,
  },
  { name: "optim4", spec: { kind: "adam", lr: 1e-3, epsilon: 1e-8 }, batchSize: 400 },
  { name: "optim5", spec: { kind: "lbfgs", lr: 1, maxIter: 1, historySize: 100 }, batchSize: 1600 },
];

/** One training run on the surface. */
export interface SurfaceRunOptions {
  /** Units per hidden layer. */
  width: number;
  /** σ of the training noise. */
  noise: number;
  /** Epochs (passes over the 1600 points). */
  epochs: number;
  optimizer: SurfaceOptimizer;
  /** Seed of the noise draw; weights and shuffling use the seeded `Math.random`. */
  dataSeed: number;
  /** Record the training and test MSE every this many epochs (and at the last). */
  logEvery: number;
  /** Names the run in progress logs. */
  label: string;
  signal?: AbortSignal;
  onEpoch?: (log: EpochLog) => void;
}

/** What one surface run measured. */
export interface SurfaceRunResult {
  /** Final MSE against the noisy training targets, full grid. */
  trainMse: number;
  /** Final MSE against the noise-free surface, full grid. */
  testMse: number;
  /** Training MSE at each logged epoch. */
  trainCurve: number[];
  /** Test MSE at each logged epoch. */
  testCurve: number[];
  /** Wall time of the training loop alone, seconds. */
  seconds: number;
  /**
   * Process CPU time of the training loop alone, seconds: unlike wall time it does not grow when
   * other programs share the machine, so ratios of it compare optimizers fairly.
   */
  cpuSeconds: number;
  /**
   * The training loop cut at the logged epochs: each piece's epochs and the main thread's CPU
   * time over them. A piece's time per epoch is a sample of the run's cost that a warm-up, a
   * collection or another program can inflate but not shrink, so robust statistics of them
   * (the median) describe the work and not the machine.
   */
  intervals: Array<{ epochs: number; threadCpuSeconds: number }>;
}

/**
 * Train a fresh 2-w-w-1 net on the surface with one optimizer and measure it.
 *
 * @param options Width, noise, epochs, optimizer and logging.
 * @returns Final and logged MSEs and the training time.
 */
export async function trainOnSurface(options: SurfaceRunOptions): Promise<SurfaceRunResult> {
  const { width, noise, epochs, optimizer, logEvery } = options;
  const surface = makeSurface({ noise, seed: options.dataSeed });
  const n = surface.count;
  const x = tf.tensor2d(surface.inputs, [n, 2]); // [1600, 2]
  const y = tf.tensor2d(surface.noisy, [n, 1]); // [1600, 1]
  const clean = tf.tensor2d(surface.clean, [n, 1]);
  const model = buildSurfaceMlp(width);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const mse = (target: tf.Tensor, input: tf.Tensor) =>
    tf.tidy(() => (model.apply(input) as tf.Tensor).sub(target).square().mean() as tf.Scalar);
  const opt = createOptimizer(optimizer.spec);
  const trainCurve: number[] = [];
  const testCurve: number[] = [];
  const measure = async () => {
    const [train, test] = [mse(y, x), mse(clean, x)];
    const values = [(await train.data())[0], (await test.data())[0]];
    tf.dispose([train, test]);
    return values;
  };

  let seconds = 0;
  let cpuSeconds = 0;
  const intervals: SurfaceRunResult["intervals"] = [];
  try {
    const problem = opt instanceof Lbfgs ? variablesProblem(variables, () => mse(y, x)) : null;
    const batchSize = Math.min(optimizer.batchSize, n);
    const batches = Math.ceil(n / batchSize);
    let started = performance.now();
    let cpuStarted = process.cpuUsage();
    let threadStarted = threadCpuSeconds();
    let epochStarted = 1;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (problem) {
        await (opt as Lbfgs).step(problem);
      } else if (batches === 1) {
        (opt as tf.Optimizer).minimize(() => mse(y, x), false, variables);
      } else {
        // A fresh permutation per epoch, as a shuffling DataLoader.
        const order = tf.util.createShuffledIndices(n);
        const [xs, ys] = tf.tidy(() => {
          const idx = tf.tensor1d(Int32Array.from(order), "int32");
          return [tf.gather(x, idx), tf.gather(y, idx)];
        });
        for (let b = 0; b < batches; b++) {
          const size = Math.min(batchSize, n - b * batchSize);
          tf.tidy(() => {
            const xb = xs.slice([b * batchSize, 0], [size, 2]);
            const yb = ys.slice([b * batchSize, 0], [size, 1]);
            (opt as tf.Optimizer).minimize(() => mse(yb, xb), false, variables);
          });
        }
        tf.dispose([xs, ys]);
      }
      if (epoch % logEvery === 0 || epoch === epochs) {
        // Measuring syncs with the backend; it is left out of the timed training.
        seconds += (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuStarted);
        cpuSeconds += (cpu.user + cpu.system) / 1e6;
        intervals.push({
          epochs: epoch - epochStarted + 1,
          threadCpuSeconds: threadCpuSeconds() - threadStarted,
        });
        const [train, test] = await measure();
        trainCurve.push(train);
        testCurve.push(test);
        options.onEpoch?.({
          label: options.label,
          epoch,
          epochs,
          values: { loss: train, test_mse: test },
        });
        if (!Number.isFinite(train)) throw new DivergedError(options.label, epoch);
        // Yield to the event loop so that the budget's timer can fire.
        await new Promise((resolve) => setTimeout(resolve, 0));
        options.signal?.throwIfAborted();
        started = performance.now();
        cpuStarted = process.cpuUsage();
        threadStarted = threadCpuSeconds();
        epochStarted = epoch + 1;
      }
    }
    const [trainMse, testMse] = await measure();
    return { trainMse, testMse, trainCurve, testCurve, seconds, cpuSeconds, intervals };
  } finally {
    if (!(opt instanceof Lbfgs)) opt.dispose();
    model.dispose();
    tf.dispose([x, y, clean]);
  }
}
