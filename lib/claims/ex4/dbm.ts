/**
 * 4.1 — a two-layer DBM gives sharper, more diverse samples than the RBM, after one Gibbs step
 * and still after 500; its first-layer filters resemble the RBM's (stored as images).
 *
 * Setup: greedy pre-training of two scikit-learn-style RBMs (784 → h1 on the images, h1 → h2 on
 * the first one's hidden probabilities), stacked into a DBM (lib/models/dbm.ts) and trained
 * jointly: mean-field data term, persistent Gibbs chains for the model term. The report gives no
 * sizes; its figures show 100 filters per layer, so h1 = h2 = 100 at quick scale, and the sizes of
 * Salakhutdinov & Hinton's MNIST DBM (500, 1000) at full scale. The RBM is the 50-unit model of
 * 4.1-rbm-training. Both samplers start one chain at each of the first MNIST test images; the
 * picture after k steps is p(v = 1 | h) of step k.
 *
 * Metrics (definitions in lib/training/image_metrics.ts):
 * - `entropyRbm<k>`, `entropyDbm<k>` for k = 1 and 500: class entropy (bits) of the reference
 *   classifier's labels over all chains; `entropyGap<k>` = DBM − RBM.
 * - `sharpnessRbm<k>`, `sharpnessDbm<k>`: mean sharpness (ink-weighted contrast);
 *   `sharpnessGap<k>` = DBM − RBM.
 * - `filterMatch`: for each of the DBM's first-layer filters, the largest absolute cosine
 *   similarity to an RBM filter, averaged; `filterMatchChance` is the same against random
 *   Gaussian filters of the RBM's shape.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { BernoulliRbm, type DbmState, DeepBoltzmannMachine } from "../../models/mod.ts";
import { classEntropy, meanOf, sharpness } from "../../training/mod.ts";
import { defineClaim, type RunContext, type ScaleSetup } from "../claim.ts";
import { seedRow, trainingProgress } from "../seed_rows.ts";
import {
  mnistFlat,
  RBM_TRAINING,
  type RbmTraining,
  saveGrid,
  trainedRbm,
  withClassifier,
} from "./_shared.ts";

/** Config of 4.1-dbm; the `RbmTraining` fields describe the RBM it is compared with. */
export interface DbmConfig extends RbmTraining {
  /** Units of the DBM's first hidden layer. */
  dbmHidden1: number;
  /** Units of the DBM's second hidden layer. */
  dbmHidden2: number;
  /** Epochs of each pre-training RBM. */
  pretrainEpochs: number;
  /** Step size of the pre-training RBMs. */
  pretrainLearningRate: number;
  /** Epochs of joint training. */
  jointEpochs: number;
  /** Step size of joint training. */
  jointLearningRate: number;
  /** Images per joint update. */
  jointBatchSize: number;
  /** Mean-field iterations per joint update. */
  meanFieldSteps: number;
  /** Sampling chains, one per first MNIST test image. */
  chains: number;
  /** Length of the long chains (report: 500). */
  longSteps: number;
}

const quick: ScaleSetup<DbmConfig> = {
  config: {
    ...RBM_TRAINING.quick, // the RBM compared with; the DBM uses its images and batch
    dbmHidden1: 100, // the report shows 100 filters per layer
    dbmHidden2: 100,
    pretrainEpochs: 6,
    pretrainLearningRate: 0.1, // as the RBM
    jointEpochs: 6,
    jointLearningRate: 0.01, // a tenth of pre-training: joint training refines
    jointBatchSize: 50,
    meanFieldSteps: 5, // converges to 1e-3 within 5 iterations on these sizes
    chains: 500, // as 4.1-rbm-gibbs quick
    longSteps: 500, // report
  },
  seeds: [0, 1],
  expect: "not-reproduced",
  bands: [
    {
      metric: "entropyGap1",
      statement: "more diverse",
      min: 0,
      reportKey: "samples",
      why: "more diverse after 1 step: 3 seeds gave +0.018 ± 0.011 bits, every seed above 0",
    },
    {
      metric: "entropyGap500",
      statement: "more diverse",
      min: 0.5,
      reportKey: "samples",
      why: "more diverse after 500 steps: 3 seeds gave +1.95 ± 0.69 bits (min 1.31)",
    },
    {
      metric: "sharpnessGap1",
      statement: "sharper",
      min: 0,
      reportKey: "samples",
      why: "sharper after 1 step: 3 seeds gave −0.039 ± 0.005",
    },
    {
      metric: "sharpnessGap500",
      statement: "sharper",
      min: 0,
      reportKey: "samples",
      why: "sharper after 500 steps: 3 seeds gave −0.19 ± 0.05",
    },
  ],
  reason:
    "The DBM is more diverse than the RBM (after 500 steps by 1.95 bits) but not sharper: its pictures have less contrast (sharpness gap −0.039 after 1 step, −0.19 after 500, where the RBM has collapsed onto thin high-contrast strokes)",
  guards: [
    {
      metric: "entropyGap500",
      statement: "more diverse",
      min: 0.5,
      why: "3 seeds gave +1.95 ± 0.69 bits",
    },
    {
      metric: "sharpnessGap1",
      statement: "sharper",
      min: -0.06,
      max: -0.02,
      why: "3 seeds gave −0.039 ± 0.005; seeds 0 and 1 −0.041",
    },
    {
      metric: "sharpnessGap500",
      statement: "sharper",
      min: -0.35,
      max: -0.03,
      why: "3 seeds gave −0.19 ± 0.05; seeds 0 and 1 −0.19",
    },
    {
      metric: "filterMatch",
      statement: "filters alike",
      min: 0.5,
      reportKey: "filters",
      why: "first-layer filters resemble the RBM's: 0.677 ± 0.004 against 0.088 for random filters",
    },
  ],
};

// Full scale, seed 0 (2026-12-03, wasm; resumed across three runs from its kept rows): the DBM's
// samples are more diverse (class entropy +0.011 bits after 1 step, +0.82 after 500) and sharper
// (+0.084, +0.077) than the RBM's, so the report's claim holds where the quick setup (smaller
// models, fewer epochs) measured the RBM sharper. The entropy gap after one step is small; seeds
// 1 and 2 will tell whether it is above seed noise.
const full: ScaleSetup<DbmConfig> = {
  config: {
    ...RBM_TRAINING.full,
    dbmHidden1: 500, // Salakhutdinov & Hinton (2009), MNIST
    dbmHidden2: 1_000,
    pretrainEpochs: 20,
    pretrainLearningRate: 0.05,
    jointEpochs: 20,
    jointLearningRate: 0.005,
    jointBatchSize: 100, // Salakhutdinov & Hinton (2009)
    meanFieldSteps: 10, // Salakhutdinov & Hinton (2009)
    chains: 1_000,
    longSteps: 500,
  },
  seeds: [0, 1, 2], // seed 0 on a shared core: the three RBMs 70 min, joint epochs 4.3 min each
  expect: "reproduced",
  bands: [
    {
      metric: "entropyGap1",
      statement: "more diverse",
      min: 0,
      reportKey: "samples",
      why: "more diverse after 1 step",
    },
    {
      metric: "entropyGap500",
      statement: "more diverse",
      min: 0.5,
      reportKey: "samples",
      why: "more diverse after 500 steps: the quick threshold",
    },
    {
      metric: "sharpnessGap1",
      statement: "sharper",
      min: 0,
      reportKey: "samples",
      why: "sharper after 1 step",
    },
    {
      metric: "sharpnessGap500",
      statement: "sharper",
      min: 0,
      reportKey: "samples",
      why: "sharper after 500 steps",
    },
  ],
};

/** 4.1-dbm: the DBM's samples are sharper and more diverse than the RBM's, after 1 and 500 steps. */
export const dbmClaim = defineClaim<DbmConfig>({
  id: "4.1-dbm",
  section: "4.1",
  statement:
    "A 2-layer DBM gives sharper, more diverse samples than the RBM, also after 500 Gibbs steps",
  report: {
    samples: "DBM cleaner and more diverse; RBM blurrier, long chains collapse (qualitative)",
    filters: "DBM first-layer filters resemble the RBM's",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const rbmSnapshot = await seedRow(
      ctx,
      "rbm",
      async () => (await trainedRbm(config, ctx)).snapshot,
    );
    const dbm = await trainDbm(config, ctx);
    const rbm = BernoulliRbm.fromSnapshot(rbmSnapshot, { seed: ctx.seed });
    const { x } = await mnistFlat("test", config.chains);
    const held: tf.Tensor[] = [x];
    try {
      const rbmOne = rbm.gibbs(x);
      const rbmLong = rbm.gibbs(rbmOne.sample, { steps: config.longSteps - 1 });
      const dbmOne = dbm.gibbs(x);
      const dbmLong = dbm.gibbs(x, { steps: config.longSteps });
      held.push(rbmOne.sample, rbmLong.sample, dbmOne.sample, dbmLong.sample);
      const pictures = {
        Rbm1: rbmOne.mean,
        Rbm500: rbmLong.mean,
        Dbm1: dbmOne.mean,
        Dbm500: dbmLong.mean,
      };
      held.push(...Object.values(pictures));
      const metrics: Record<string, number> = {};
      await withClassifier(async (classify) => {
        for (const [name, images] of Object.entries(pictures)) {
          metrics[`entropy${name}`] = classEntropy(await classify(images));
          metrics[`sharpness${name}`] = meanOf(await sharpness(images));
        }
      });
      for (const k of [1, 500]) {
        metrics[`entropyGap${k}`] = metrics[`entropyDbm${k}`] - metrics[`entropyRbm${k}`];
        metrics[`sharpnessGap${k}`] = metrics[`sharpnessDbm${k}`] - metrics[`sharpnessRbm${k}`];
      }
      const images: Record<string, string> = {};
      for (const [name, pics] of Object.entries(pictures)) {
        // At most 100 samples and 100 filters are shown, fewer when a run has fewer.
        const grid = tf.slice(pics, [0, 0], [Math.min(100, config.chains), 784]);
        images[`samples ${name}`] = await saveGrid(ctx, "4.1-dbm", `samples-${name}`, grid, {
          columns: 10,
        });
        grid.dispose();
      }
      const [layer1, layer2, rbmFilters] = tf.tidy(() => [
        tf.transpose(dbm.weights1).slice([0, 0], [Math.min(100, config.dbmHidden1), -1]),
        tf.transpose(tf.matMul(dbm.weights1, dbm.weights2))
          .slice([0, 0], [Math.min(100, config.dbmHidden2), -1]),
        tf.transpose(rbm.weights),
      ]);
      held.push(layer1, layer2, rbmFilters);
      const gridOptions = { columns: 10, scaling: "each" as const };
      images["DBM layer-1 filters"] = await saveGrid(
        ctx,
        "4.1-dbm",
        "filters-1",
        layer1,
        gridOptions,
      );
      images["DBM layer-2 filters"] = await saveGrid(
        ctx,
        "4.1-dbm",
        "filters-2",
        layer2,
        gridOptions,
      );
      const dbmFilters = tf.transpose(dbm.weights1);
      const random = tf.randomNormal(rbmFilters.shape, 0, 1, "float32", ctx.seed) as tf.Tensor2D;
      metrics.filterMatch = await bestCosine(dbmFilters, rbmFilters);
      metrics.filterMatchChance = await bestCosine(dbmFilters, random);
      tf.dispose([dbmFilters, random]);
      return { metrics, images };
    } finally {
      tf.dispose(held);
      rbm.dispose();
      dbm.dispose();
    }
  },
});

/** Where joint training stands after an epoch, for a cut run to resume from. */
interface JointProgress {
  epoch: number;
  dbm: DbmState;
}

/**
 * Greedy pre-training of two RBMs, then joint training of the stacked DBM. A full seed takes
 * hours: each pre-trained RBM is kept as a row of the seed's checkpoint, and joint training saves
 * its state after every epoch.
 */
async function trainDbm(config: DbmConfig, ctx: RunContext): Promise<DeepBoltzmannMachine> {
  const { x } = await mnistFlat("train", config.trainImages);
  const options = { learningRate: config.pretrainLearningRate, batchSize: config.batchSize };
  const pretrain = (label: string, data: tf.Tensor2D, hidden: number, seed: number) =>
    seedRow(ctx, label, async () => {
      const rbm = new BernoulliRbm(data.shape[1], hidden, { ...options, seed });
      try {
        for (let epoch = 1; epoch <= config.pretrainEpochs; epoch++) {
          ctx.signal?.throwIfAborted();
          rbm.fitEpoch(data);
          ctx.onEpoch?.({ label, epoch, epochs: config.pretrainEpochs, values: {} });
        }
        return await rbm.snapshot();
      } finally {
        rbm.dispose();
      }
    });
  let features: tf.Tensor2D | undefined;
  try {
    const first = await pretrain("dbm-pretrain-1", x, config.dbmHidden1, ctx.seed + 100);
    features = tf.tidy(() => {
      const rbm = BernoulliRbm.fromSnapshot(first);
      const probs = rbm.hiddenProbs(x);
      rbm.dispose();
      return probs;
    });
    const second = await pretrain("dbm-pretrain-2", features, config.dbmHidden2, ctx.seed + 200);
    const joint = { learningRate: config.jointLearningRate, meanFieldSteps: config.meanFieldSteps };
    const progress = trainingProgress<JointProgress>(ctx, "dbm-joint");
    const dbm = progress.saved
      ? DeepBoltzmannMachine.restore(progress.saved.dbm, joint)
      : DeepBoltzmannMachine.fromRbms(first, second, { ...joint, seed: ctx.seed + 300 });
    try {
      for (let epoch = (progress.saved?.epoch ?? 0) + 1; epoch <= config.jointEpochs; epoch++) {
        ctx.signal?.throwIfAborted();
        dbm.fitEpoch(x, config.jointBatchSize);
        ctx.onEpoch?.({ label: "dbm-joint", epoch, epochs: config.jointEpochs, values: {} });
        await progress.save(async () => ({ epoch, dbm: await dbm.state() }));
      }
    } catch (error) {
      dbm.dispose();
      throw error;
    }
    return dbm;
  } finally {
    tf.dispose([x, features]);
  }
}

/** Mean over rows of `a` of the largest absolute cosine similarity to a row of `b`. */
async function bestCosine(a: tf.Tensor2D, b: tf.Tensor2D): Promise<number> {
  const value = tf.tidy(() => {
    const unit = (m: tf.Tensor2D) => tf.div(m, tf.add(tf.norm(m, 2, 1, true), 1e-8));
    const cosines = tf.abs(tf.matMul(unit(a), tf.transpose(unit(b))));
    return tf.mean(tf.max(cosines, 1));
  });
  const result = (await value.data())[0];
  value.dispose();
  return result;
}
