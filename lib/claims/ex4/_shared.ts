/**
 * What the exercise-4 claims share: MNIST as flat tensors, the reference classifier, where image
 * grids go, and a per-process memo so that claims checking the same trained model (the RBM of
 * 4.1, the GAN of 4.2) train it once per seed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { loadMnist, mnistTensors } from "../../data/mod.ts";
import { BernoulliRbm, type RbmSnapshot } from "../../models/mod.ts";
import {
  classifierFrom,
  type Classify,
  loadReferenceClassifier,
  type PngGridOptions,
  writePngGrid,
} from "../../training/mod.ts";
import type { RunContext } from "../claim.ts";

/** MNIST images `[count, 784]` in [0, 1], from `start`; the caller disposes them. */
export async function mnistFlat(
  split: "train" | "test",
  count: number,
  start = 0,
): Promise<{ x: tf.Tensor2D; labels: Uint8Array }> {
  const data = await loadMnist(split);
  const { x, y } = mnistTensors(data, { start, count });
  const flat = x.reshape([count, 784]) as tf.Tensor2D;
  tf.dispose([x, y]);
  return { x: flat, labels: data.labels.slice(start, start + count) };
}

/**
 * Run `fn` with the reference classifier (the report's MNIST CNN), disposing it afterwards.
 * Images may be `[n, 784]`; they are reshaped to `[n, 28, 28, 1]`.
 */
export async function withClassifier<T>(
  fn: (classify: (images: tf.Tensor) => Promise<Int32Array>) => Promise<T>,
): Promise<T> {
  const model = await loadReferenceClassifier();
  try {
    const classify: Classify = classifierFrom(model);
    return await fn(async (images) => {
      const shaped = images.reshape([images.shape[0], 28, 28, 1]) as tf.Tensor4D;
      try {
        return await classify(shaped);
      } finally {
        shaped.dispose();
      }
    });
  } finally {
    model.dispose();
  }
}

/** Share of positions where two label arrays agree. */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) same += Number(a[i] === b[i]);
  return same / a.length;
}

/** One row per digit: how many images the classifier puts there. */
export function histogramRows(classes: Int32Array): Array<Record<string, number>> {
  return Array.from({ length: 10 }, (_, digit) => ({
    digit,
    images: classes.filter((c) => c === digit).length,
  }));
}

const DEFAULT_RESULTS = new URL("../../../results/", import.meta.url).pathname;

/**
 * Write an image grid next to the claim's record and return its path relative to the record's
 * folder: `images/<claim>/<name>-seed<seed>.png`.
 */
export async function saveGrid(
  ctx: RunContext,
  claimId: string,
  name: string,
  images: tf.Tensor,
  options: PngGridOptions = {},
): Promise<string> {
  const folder = ctx.outDir ?? join(DEFAULT_RESULTS, ctx.scale);
  const relative = `images/${claimId}/${name}-seed${ctx.seed}.png`;
  await writePngGrid(join(folder, relative), images, options);
  return relative;
}

const memo = new Map<string, Promise<unknown>>();

/**
 * The value `make` gives for `key`, computed once per process (anew when `fresh`, kept for later
 * calls); a failure is not kept. Values must hold no tensors (they outlive every run's tensor
 * count).
 */
export function once<T>(key: string, make: () => Promise<T>, fresh = false): Promise<T> {
  let pending = fresh ? undefined : memo.get(key) as Promise<T> | undefined;
  if (!pending) {
    pending = make();
    pending.catch(() => memo.delete(key));
    memo.set(key, pending);
  }
  return pending;
}

/** How the RBM of 4.1 is trained (scikit-learn's `BernoulliRBM` with persistent CD). */
export interface RbmTraining {
  /** First MNIST training images used, scaled to [0, 1]. */
  trainImages: number;
  /** Hidden units ("components"). */
  hidden: number;
  /** PCD step size on the batch-mean gradient. */
  learningRate: number;
  /** Images per update, and persistent chains. */
  batchSize: number;
  /** Passes over the training images. */
  epochs: number;
}

/**
 * The 50-unit RBM every 4.1 claim studies, per scale. One definition, so that the claims share one
 * trained RBM per seed (see {@linkcode trainedRbm}) and cannot drift apart.
 */
export const RBM_TRAINING: Readonly<Record<"quick" | "full", Readonly<RbmTraining>>> = Object
  .freeze({
    quick: Object.freeze({
      trainImages: 5_000, // a twelfth of MNIST: 250 updates per epoch at batch 20
      hidden: 50, // report
      learningRate: 0.1, // scikit-learn's default: reaches the plateau within 12 epochs
      batchSize: 20, // halves the per-update overhead of batch 10
      epochs: 12, // enough to see the plateau at this rate
    }),
    full: Object.freeze({
      trainImages: 60_000, // all of MNIST
      hidden: 50, // report
      learningRate: 0.01, // report
      batchSize: 10, // scikit-learn's default; the report gives none
      epochs: 50, // report
    }),
  });

/** A trained RBM as arrays, with its pseudo-likelihood after each epoch. */
export interface TrainedRbm {
  snapshot: RbmSnapshot;
  pseudoLikelihood: number[];
}

/**
 * Train (or take from the memo) the RBM for a config and seed, logging the pseudo-likelihood of
 * the training images after every epoch as scikit-learn's verbose `fit` does.
 */
export function trainedRbm(config: RbmTraining, ctx: RunContext): Promise<TrainedRbm> {
  const { trainImages, hidden, learningRate, batchSize, epochs } = config;
  const key = JSON.stringify([
    "rbm",
    trainImages,
    hidden,
    learningRate,
    batchSize,
    epochs,
    ctx.seed,
  ]);
  return once(key, async () => {
    const { x } = await mnistFlat("train", trainImages);
    const rbm = new BernoulliRbm(784, hidden, { learningRate, batchSize, seed: ctx.seed });
    try {
      const pseudoLikelihood: number[] = [];
      for (let epoch = 1; epoch <= epochs; epoch++) {
        ctx.signal?.throwIfAborted();
        rbm.fitEpoch(x);
        pseudoLikelihood.push(await rbm.pseudoLikelihood(x));
        ctx.onEpoch?.({
          label: `rbm-${hidden}`,
          epoch,
          epochs,
          values: { pseudo_likelihood: pseudoLikelihood.at(-1)! },
        });
      }
      return { snapshot: await rbm.snapshot(), pseudoLikelihood };
    } finally {
      rbm.dispose();
      x.dispose();
    }
  }, ctx.fresh);
}

/**
 * Latent paths: rows 2p and 2p+1 of `ends` are the ends of path p; returns `[pairs·frames,
 * latent]`, path after path.
 */
export function interpolate(ends: tf.Tensor2D, pairs: number, frames: number): tf.Tensor2D {
  const lambdas = tf.linspace(0, 1, frames).reshape([1, frames, 1]);
  const pairsOf = ends.reshape([pairs, 2, -1]);
  const z0 = tf.slice(pairsOf, [0, 0, 0], [-1, 1, -1]);
  const z1 = tf.slice(pairsOf, [0, 1, 0], [-1, 1, -1]);
  const path = tf.add(tf.mul(z0, tf.sub(1, lambdas)), tf.mul(z1, lambdas));
  return path.reshape([pairs * frames, -1]) as tf.Tensor2D;
}
