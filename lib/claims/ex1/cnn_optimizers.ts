/**
 * 1.3.6 — the 34,826-parameter CNN on MNIST, 15 epochs, batch 128, 10% validation split, with six
 * optimizer settings: Adam 1e-3 ≈ Adadelta 1.0 ≈ SGD 0.1 > SGD 0.01 > SGD 0.001 > Adadelta 0.001
 * on test accuracy and loss.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { cacheDir, loadMnist, mnistTensors } from "../../data/mod.ts";
import { buildMnistCnn } from "../../models/mod.ts";
import { createOptimizer, type OptimizerSpec } from "../../optimizers/mod.ts";
import {
  evaluate,
  fit,
  type FitState,
  FULL_SCALE_CNN_DIR,
  saveReferenceClassifier,
} from "../../training/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";
import { dropTrainingProgress, seedRow, trainingProgress } from "../seed_rows.ts";

/**
 * The report's six settings (Keras defaults where it names none: SGD without momentum, Adam and
 * Adadelta ε 1e-7, Adadelta ρ 0.95). The learning rate is always explicit because
 * `tf.train.adadelta()` defaults to 0.001 while Keras' `"adadelta"` string means 1.0, and
 * Adadelta is the suite's Keras-exact one: TF.js' first step is a full gradient step.
 */
export const CNN_OPTIMIZERS: Readonly<Record<string, OptimizerSpec>> = Object.freeze({
  adam: { kind: "adam", lr: 1e-3 },
  sgd01: { kind: "sgd", lr: 0.1 },
  sgd001: { kind: "sgd", lr: 0.01 },
  sgd0001: { kind: "sgd", lr: 0.001 },
  adadelta1: { kind: "adadelta", lr: 1 },
  adadelta0001: { kind: "adadelta", lr: 0.001 },
});

/** Config of the CNN optimizer table. */
export interface CnnOptimizersConfig {
  /** Training images, the first of the MNIST training split (report: all 60,000). */
  trainImages: number;
  /** Test images, the first of the test split (report: all 10,000). */
  testImages: number;
  /** Epochs per optimizer (report: 15). */
  epochs: number;
  /** Images per step (report: 128). */
  batchSize: number;
  /** Fraction of the training images held out at the end, as Keras does (report: 0.1). */
  validationSplit: number;
  /** Settings to run, by key of {@linkcode CNN_OPTIMIZERS}; the orderings need all six. */
  optimizers: string[];
  /** Keep the Adam model of the first seed in the cache (`models/cnn-optimizers-adam`). */
  saveReference: boolean;
}

const ALL = Object.keys(CNN_OPTIMIZERS);

const quick: ScaleSetup<CnnOptimizersConfig> = {
  config: {
    trainImages: 9000, // 8100 for training, 900 held out
    testImages: 1000, // accuracy standard error ≤ 1.6 points
    epochs: 1,
    // A quarter of the report's batch: 4× the steps for the same arithmetic. At 36 steps of 128
    // (measured) Adam was at 78% and SGD 0.1 at 67%, too early to tell the good settings apart
    // from the slow ones; 253 steps of 32 cost the same and separate them.
    batchSize: 32,
    validationSplit: 0.1,
    optimizers: ALL,
    saveReference: false,
  },
  seeds: [0, 1, 2],
  // The bands were set from tfjs-layers' default kernels (3 seeds): Adadelta 1.0 0.928 ± 0.008,
  // Adam 0.925 ± 0.006, SGD 0.1 0.923 ± 0.009, SGD 0.01 0.638 ± 0.11, SGD 0.001 0.131 ± 0.028,
  // Adadelta 0.001 0.131 ± 0.040. From Keras' Glorot-uniform kernels, the report's (seeds 0–4):
  // Adam 0.932 ± 0.004, Adadelta 1.0 0.930 ± 0.009, SGD 0.1 0.853 ± 0.068 (0.788, 0.920, 0.919,
  // 0.858, 0.780), SGD 0.01 0.685 ± 0.045, SGD 0.001 0.202 ± 0.040, Adadelta 0.001 0.106 ± 0.040.
  // After 253 steps SGD 0.1 has not caught up in three seeds of five, so "the three are close"
  // fails here; the PyTorch twin (same kernels, seeds 0–4) fails it too (SGD 0.1 0.870, range
  // 0.075: one seed at 0.625). The bands stay; whether the three meet is the full scale's
  // question. SGD 0.001 and Adadelta 0.001 are both still near chance after 253 steps: their order
  // is checked at full scale only.
  expect: "not-reproduced",
  reason:
    "at 253 steps of batch 32, SGD 0.1 has not caught up with Adam and Adadelta 1.0 (0.853 ± 0.068 against 0.932 and 0.930, seeds 0–4); the PyTorch twin agrees (0.870, one seed at 0.625)",
  bands: [
    {
      metric: "topThreeMinusSgd001Acc",
      min: 0,
      reportKey: "sgd001Acc",
      why: "Adam, Adadelta 1.0, SGD 0.1 ahead of SGD 0.01; measured margin 0.17 ± 0.05",
    },
    {
      metric: "topThreeAccRange",
      max: 0.03,
      reportKey: "sgd01Acc",
      why: "the three close together (≈); measured range 0.08 ± 0.07 (0.008 from tfjs' kernels)",
    },
    {
      metric: "sgd001MinusSgd0001Acc",
      min: 0,
      reportKey: "sgd0001Acc",
      why: "SGD 0.01 ahead of SGD 0.001; measured margin 0.48 ± 0.04",
    },
    // Accuracy at this scale: seed mean ± 4 seed standard deviations.
    { metric: "adamAcc", min: 0.9, max: 0.95, reportKey: "adamAcc", why: "measured 0.932" },
    {
      metric: "adadelta1Acc",
      min: 0.9,
      max: 0.96,
      reportKey: "adadelta1Acc",
      why: "measured 0.930",
    },
    { metric: "sgd01Acc", min: 0.89, max: 0.96, reportKey: "sgd01Acc", why: "measured 0.853" },
    {
      metric: "sgd001Acc",
      min: 0.3,
      max: 0.9,
      reportKey: "sgd001Acc",
      why: "measured 0.685 ± 0.045: still climbing fast",
    },
  ],
  guards: [
    { metric: "sgd0001Acc", max: 0.3, why: "measured 0.202: near chance after 253 steps" },
    { metric: "adadelta0001Acc", max: 0.3, why: "measured 0.106: near chance after 253 steps" },
  ],
};

const full: ScaleSetup<CnnOptimizersConfig> = {
  config: {
    trainImages: 60_000,
    testImages: 10_000,
    epochs: 15,
    batchSize: 128,
    validationSplit: 0.1,
    optimizers: ALL,
    saveReference: true,
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands: [
    {
      metric: "adamAcc",
      min: 0.988,
      max: 0.995,
      reportKey: "adamAcc",
      why: "report 99.15% ± a few tenths of a point of seed spread",
    },
    {
      metric: "topThreeMinusSgd001Acc",
      min: 0,
      reportKey: "sgd001Acc",
      why: "report: Adam, Adadelta 1.0, SGD 0.1 (≥ 98.8%) ahead of SGD 0.01 (97.46%)",
    },
    {
      metric: "topThreeAccRange",
      max: 0.01,
      reportKey: "sgd01Acc",
      why: "report: the three within 0.35 points (99.15, 99.03, 98.8%)",
    },
    {
      metric: "sgd001MinusSgd0001Acc",
      min: 0,
      reportKey: "sgd0001Acc",
      why: "report: SGD 0.01 (97.46%) ahead of SGD 0.001 (89.68%)",
    },
    {
      metric: "sgd0001MinusAdadelta0001Acc",
      min: 0,
      reportKey: "adadelta0001Acc",
      why: "report: SGD 0.001 (89.68%) ahead of Adadelta 0.001 (69.67%)",
    },
  ],
};

/** 1.3.6-cnn-optimizers: the CNN's test accuracy and loss under six optimizer settings. */
export const cnnOptimizersClaim = defineClaim<CnnOptimizersConfig>({
  id: "1.3.6-cnn-optimizers",
  section: "1.3.6",
  statement:
    "The MNIST CNN, 15 epochs, batch 128, six optimizers: Adam 1e-3 ≈ Adadelta 1.0 ≈ SGD 0.1 > SGD 0.01 > SGD 0.001 > Adadelta 0.001 on test accuracy",
  report: {
    adamAcc: 0.9915,
    adamLoss: 0.0253,
    sgd001Acc: 0.9746,
    sgd001Loss: 0.0837,
    sgd0001Acc: 0.8968,
    sgd0001Loss: 0.408,
    sgd01Acc: 0.988,
    sgd01Loss: 0.0357,
    adadelta0001Acc: 0.6967,
    adadelta0001Loss: 1.9582,
    adadelta1Acc: 0.9903,
    adadelta1Loss: 0.0303,
  },
  scales: { quick, full },
  async run(config, ctx) {
    for (const name of config.optimizers) {
      if (!(name in CNN_OPTIMIZERS)) {
        throw new RangeError(`Unknown optimizer ${name}: valid names are ${ALL.join(", ")}`);
      }
    }
    const [train, test] = await Promise.all([loadMnist("train"), loadMnist("test")]);
    const { x, y } = mnistTensors(train, { count: config.trainImages }); // [n, 28, 28, 1], [n, 10]
    const testData = mnistTensors(test, { count: config.testImages });
    const metrics: Record<string, number> = {};
    const curves: Record<string, number[]> = {};
    try {
      for (const name of config.optimizers) {
        // One row per optimizer: a run cut after it resumes at the next optimizer.
        const row = await seedRow(ctx, name, async () => {
          const model = buildMnistCnn();
          const optimizer = createOptimizer(CNN_OPTIMIZERS[name]) as tf.Optimizer;
          model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
          try {
            const result = await fit(model, x, y, {
              epochs: config.epochs,
              batchSize: config.batchSize,
              validationSplit: config.validationSplit,
              label: name,
              onEpoch: ctx.onEpoch,
              signal: ctx.signal,
              // A full row is 15 epochs of about 6 minutes: a cut row resumes at its next epoch.
              checkpoint: ctx.rows && trainingProgress<FitState>(ctx, `${name} epochs`),
            });
            const scores = await evaluate(model, testData.x, testData.y);
            const acc = scores.acc ?? scores.accuracy;
            if (name === "adam" && config.saveReference && ctx.seed === 0) {
              // Kept apart from the reference classifier, whose recipe stays fixed for exercise 4.
              await saveReferenceClassifier(model, {
                testAccuracy: acc,
                trainedWith: { claim: "1.3.6-cnn-optimizers", seed: ctx.seed, ...config },
              }, `${cacheDir()}/${FULL_SCALE_CNN_DIR}`);
            }
            return { acc, loss: scores.loss, seconds: result.seconds, curves: result.curves };
          } finally {
            model.dispose();
            optimizer.dispose();
          }
        });
        await dropTrainingProgress(ctx, `${name} epochs`);
        metrics[`${name}Acc`] = row.acc;
        metrics[`${name}Loss`] = row.loss;
        metrics[`${name}Seconds`] = row.seconds;
        for (const [key, series] of Object.entries(row.curves)) {
          curves[`${name}:${key}`] = series;
        }
      }
    } finally {
      tf.dispose([x, y, testData.x, testData.y]);
    }
    return { metrics: { ...metrics, ...cnnOptimizerOrderings(metrics) }, curves };
  },
});

/**
 * The table's ranking as differences, positive when it holds; computed per seed, from a seed's
 * `<name>Acc` and `<name>Loss` of all six settings (empty without them).
 *
 * @param m One seed's metrics.
 * @returns The orderings' metrics.
 * @example
 * ```ts
 * cnnOptimizerOrderings({ adamAcc: 0.99 }); // {}: the orderings need all six
 * ```
 */
export function cnnOptimizerOrderings(m: Record<string, number>): Record<string, number> {
  if (!ALL.every((name) => `${name}Acc` in m)) return {};
  const top = [m.adamAcc, m.adadelta1Acc, m.sgd01Acc];
  return {
    // The three good settings ahead of SGD 0.01.
    topThreeMinusSgd001Acc: Math.min(...top) - m.sgd001Acc,
    // The three good settings close together ("≈"): their accuracy range.
    topThreeAccRange: Math.max(...top) - Math.min(...top),
    sgd001MinusSgd0001Acc: m.sgd001Acc - m.sgd0001Acc,
    sgd0001MinusAdadelta0001Acc: m.sgd0001Acc - m.adadelta0001Acc,
    // Loss separates the two slowest settings where accuracy is still near chance.
    adadelta0001MinusSgd0001Loss: m.adadelta0001Loss - m.sgd0001Loss,
  };
}
