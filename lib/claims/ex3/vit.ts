/**
 * 3.3.1 — Vision Transformers on MNIST in the report's five configurations: "best"
 * (128, 8, 16, 512) is the most accurate, "smaller" (32, 4, 4, 64) the least, and all reach
 * ≥ 97.5% after 20 epochs on full MNIST.
 *
 * Setup (course-facts.md, exercise 3): patch 7, class token, pre-norm blocks, GELU MLP, batch 128,
 * Adam 1e-3 decayed by γ = 0.95 after every epoch, cross-entropy. Test accuracy is measured after
 * every epoch, as in the report's "final" and "best epoch" columns.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { buildVit, VIT_CONFIGS, vitParams } from "../../models/mod.ts";
import { FusedAdam } from "../../optimizers/mod.ts";
import { evaluate, loadWeights, type SavedWeight, saveWeights } from "../../training/mod.ts";
import type { FusedAdamState } from "../../optimizers/mod.ts";
import { defineClaim, type RunContext, type ScaleSetup, type SeedRun } from "../claim.ts";
import { dropTrainingProgress, seedRow, trainingProgress } from "../seed_rows.ts";
import { mnistSubset } from "./_mnist_subset.ts";

/** Config of one scale. */
export interface VitClaimConfig {
  /** Names of the configurations trained, from the report's table (all five at full scale). */
  models: string[];
  /** Training images: 60,000 is full MNIST in file order, fewer a random subset. */
  trainCount: number;
  /** Test images: 10,000 is the full test set, fewer a random subset. */
  testCount: number;
  /** Training epochs (report: 20). */
  epochs: number;
  /** Mini-batch size (report: 128). */
  batchSize: number;
  /** Initial Adam learning rate (report: 1e-3). */
  learningRate: number;
  /** Factor applied to the learning rate after every epoch (course: γ = 0.95). */
  lrDecay: number;
}

/** The report's table (3.3.1): final and best-epoch test accuracy. */
const REPORT = {
  acc_baseline: 0.9838,
  acc_smaller: 0.9766,
  acc_wider: 0.9801,
  acc_deeper: 0.984,
  acc_best: 0.9858,
  bestEpochAcc_baseline: 0.9838,
  bestEpochAcc_smaller: 0.979,
  bestEpochAcc_wider: 0.9822,
  bestEpochAcc_deeper: 0.9848,
  bestEpochAcc_best: 0.986,
  bestMinusOthers: 0.9858 - 0.984,
  othersMinusSmaller: 0.9801 - 0.9766,
  minAcc: 0.9766,
};

// Full scale has not been run: on wasm one epoch of full MNIST takes about 2 min of one core for
// "baseline" and about 18 min for "best", so the five configurations need about 9 hours per seed.
// Its bands are the claim's own thresholds.
const full: ScaleSetup<VitClaimConfig> = {
  config: {
    models: Object.keys(VIT_CONFIGS),
    trainCount: 60_000,
    testCount: 10_000,
    epochs: 20,
    batchSize: 128,
    learningRate: 1e-3,
    lrDecay: 0.95,
  },
  seeds: [0],
  expect: "reproduced",
  bands: [
    {
      metric: "bestMinusOthers",
      min: 0,
      reportKey: "bestMinusOthers",
      why: '"best" is the most accurate (report: 0.18 pp ahead of "deeper")',
    },
    {
      metric: "othersMinusSmaller",
      min: 0,
      reportKey: "othersMinusSmaller",
      why: '"smaller" is the least accurate (report: 0.35 pp behind "wider")',
    },
    { metric: "minAcc", min: 0.975, reportKey: "minAcc", why: "every configuration ≥ 97.5%" },
  ],
};

// Quick: "smaller" and "baseline" on 2,000 images for 4 epochs (about 30 s of one core per seed
// for both). Over 10 seeds (2026-12-03, wasm; mean ± sample std): smaller 0.632 ± 0.024,
// baseline 0.682 ± 0.029, baseline − smaller = +0.050 ± 0.034, baseline ahead in 10 of 10. The
// PyTorch twin (crosscheck/vit_torch.py, the same model and training, seeds 0–9): smaller
// 0.606 ± 0.034, baseline 0.706 ± 0.022, +0.101 ± 0.044, ahead in 10 of 10. Both frameworks hold
// the ordering on every seed; the size of the gap still differs (0.050 against 0.101, 2.9
// standard errors), TF.js's smaller model learning faster and its baseline slower. Part of it
// was the dense layers' initialisation: tfjs-layers' default (a truncated normal, 0.88 of
// Glorot's spread) where Keras and the twin use Glorot uniform (`lib/models/vit.ts`); with the
// old default the TF.js figures were 0.638, 0.681 and +0.042 ± 0.024 (3.7 standard errors from
// the twin). The rest is not explained yet (each framework draws its own 2,000 images per seed).
// At 2 epochs, the quick setup before (30 seeds each, ± a standard error), the gap was
// +0.028 ± 0.013 in TF.js (baseline ahead in 20 of 30) and +0.047 ± 0.009 in PyTorch (25 of 30):
// three seeds could not tell the ordering from seed noise (seeds 0–2 gave −0.07 in TF.js and
// +0.04 in PyTorch), so the two frameworks' three-seed verdicts differed by chance.
const quick: ScaleSetup<VitClaimConfig> = {
  config: {
    ...full.config,
    models: ["smaller", "baseline"],
    trainCount: 2_000,
    testCount: 1_000,
    epochs: 4,
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands: [
    {
      metric: "othersMinusSmaller",
      min: 0,
      reportKey: "othersMinusSmaller",
      why: '"smaller" is the least accurate',
    },
  ],
  guards: [
    { metric: "minAcc", min: 0.5, why: "well above chance: measured 0.589 at worst (10 seeds)" },
    {
      metric: "othersMinusSmaller",
      max: 0.15,
      why: "measured +0.050 ± 0.034, at most 0.111 (10 seeds)",
    },
  ],
};

/**
 * Set an optimizer's learning rate between epochs. TF.js' Adam reads `learningRate` at every
 * step (tfjs-core 4.22 `AdamOptimizer.applyGradients`) but declares it protected.
 */
function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** One configuration's training after an epoch, for a cut run to resume from. */
interface VitProgress {
  epochs: number;
  testAcc: number[];
  loss: number[];
  weights: SavedWeight[];
  optimizer: FusedAdamState;
}

/**
 * Train one configuration with the per-epoch decay; test accuracy after every epoch. A full
 * configuration takes hours ("best": ~18 min an epoch), so its state is saved after every epoch.
 */
async function trainVit(
  name: string,
  data: { xTrain: tf.Tensor; yTrain: tf.Tensor; xTest: tf.Tensor; yTest: tf.Tensor },
  config: Readonly<VitClaimConfig>,
  ctx: RunContext,
): Promise<{ testAcc: number[]; loss: number[] }> {
  const shape = VIT_CONFIGS[name];
  if (!shape) {
    throw new RangeError(
      `Unknown ViT configuration ${name}: valid names are ${Object.keys(VIT_CONFIGS).join(", ")}`,
    );
  }
  const model = buildVit(shape);
  const optimizer = new FusedAdam(config.learningRate); // tf.train.adam in one kernel call
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const progress = trainingProgress<VitProgress>(ctx, `vit ${name} epochs`);
  const testAcc = [...progress.saved?.testAcc ?? []];
  const loss = [...progress.saved?.loss ?? []];
  try {
    if (progress.saved) {
      loadWeights(model, progress.saved.weights);
      await optimizer.restoreState(progress.saved.optimizer);
    }
    for (let epoch = progress.saved?.epochs ?? 0; epoch < config.epochs; epoch++) {
      // lr_e = lr_0 · γ^e, as PyTorch's ExponentialLR stepped once per epoch.
      setLearningRate(optimizer, config.learningRate * config.lrDecay ** epoch);
      const history = await model.fit(data.xTrain, data.yTrain, {
        epochs: 1,
        batchSize: config.batchSize,
        shuffle: true,
        verbose: 0,
      });
      const scores = await evaluate(model, data.xTest, data.yTest);
      testAcc.push(scores.acc ?? scores.accuracy);
      loss.push(Number(history.history.loss[0]));
      ctx.onEpoch?.({
        label: `vit ${name}`,
        epoch: epoch + 1,
        epochs: config.epochs,
        values: { loss: loss[epoch], test_acc: testAcc[epoch] },
      });
      await progress.save(async () => ({
        epochs: epoch + 1,
        testAcc,
        loss,
        weights: await saveWeights(model),
        optimizer: await optimizer.saveState(),
      }));
    }
    return { testAcc, loss };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** 3.3.1-vit: "best" most accurate, "smaller" least, all ≥ 97.5% at full scale. */
export const vitClaim = defineClaim<VitClaimConfig>({
  id: "3.3.1-vit",
  section: "3.3.1",
  statement:
    'Five ViT configurations on MNIST: "best" (128,8,16,512) most accurate, "smaller" (32,4,4,64) least; all ≥ 97.5%',
  report: REPORT,
  scales: { quick, full },
  async run(config, ctx) {
    const train = await mnistSubset("train", config.trainCount, { seed: ctx.seed });
    const test = await mnistSubset("test", config.testCount, { seed: ctx.seed + 1000 });
    const data = { xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y };
    const metrics: Record<string, number> = {};
    const curves: Record<string, number[]> = {};
    const rows: Array<Record<string, number | string>> = [];
    try {
      for (const name of config.models) {
        // A row per configuration: a cut seed trains only the ones it had not finished.
        const { testAcc, loss } = await seedRow(
          ctx,
          `vit ${name}`,
          () => trainVit(name, data, config, ctx),
        );
        await dropTrainingProgress(ctx, `vit ${name} epochs`);
        metrics[`acc_${name}`] = testAcc[testAcc.length - 1];
        metrics[`bestEpochAcc_${name}`] = Math.max(...testAcc);
        curves[`${name}_test_acc`] = testAcc;
        curves[`${name}_loss`] = loss;
        const shape = VIT_CONFIGS[name];
        rows.push({
          model: name,
          dim: shape.dim,
          depth: shape.depth,
          heads: shape.heads,
          mlpDim: shape.mlpDim,
          params: vitParams(shape),
          accuracy: metrics[`acc_${name}`],
          reportAccuracy: REPORT[`acc_${name}` as keyof typeof REPORT] ?? Number.NaN,
        });
      }
    } finally {
      tf.dispose([train.x, train.y, test.x, test.y]);
    }
    const accs = config.models.map((m) => metrics[`acc_${m}`]);
    metrics.minAcc = Math.min(...accs);
    const others = (excluded: string) =>
      config.models.filter((m) => m !== excluded).map((m) => metrics[`acc_${m}`]);
    if (config.models.includes("best") && config.models.length > 1) {
      metrics.bestMinusOthers = metrics.acc_best - Math.max(...others("best"));
    }
    if (config.models.includes("smaller") && config.models.length > 1) {
      metrics.othersMinusSmaller = Math.min(...others("smaller")) - metrics.acc_smaller;
    }
    return { metrics, curves, tables: { models: rows } } satisfies SeedRun;
  },
});
