/**
 * 3.1.1 — stacked autoencoders: greedy layer-wise pre-training, a softmax head on the top code,
 * then end-to-end fine-tuning, for the five architectures of the report's table.
 *
 * Setup (course-facts.md, exercise 3): 6000 training and 1000 test images; sigmoid layers with
 * PyTorch's default initialisation; each layer pre-trained as an autoencoder on the previous
 * layer's codes with SGD lr 0.1 on MSE; a linear 10-way head trained on the frozen codes with
 * SGD lr 1 on cross-entropy ("before fine-tuning"); then every layer trained together
 * ("after"). The report does not say the fine-tuning optimizer: it reuses the head's (SGD lr 1).
 * Training and test images are random subsets drawn per seed. The cross-entropy is taken on
 * logits, as PyTorch's `CrossEntropyLoss` (see {@linkcode crossEntropyOnLogits}).
 *
 * The full record was assembled from six processes (per seed, architectures 1–3 and 4–5); each
 * process seeds `Math.random` afresh, so architectures 4–5 start from other initial weights than
 * in one sequential run of the same seed.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { buildStackedAutoencoder, disposeStackedAutoencoder } from "../../models/mod.ts";
import { evaluate, fit } from "../../training/mod.ts";
import { defineClaim, type RunContext, type ScaleSetup, type SeedRun } from "../claim.ts";
import { mnistSubset } from "./_mnist_subset.ts";

/** Config of one scale. */
export interface StackedAeConfig {
  /** Hidden widths of each architecture, input 784 first implied (report table, 3.1.1). */
  architectures: number[][];
  /** Training images, a random subset of MNIST train (course: 6000). */
  trainCount: number;
  /** Test images, a random subset of MNIST test (course: 1000). */
  testCount: number;
  /** Epochs of autoencoder pre-training per layer (report: 20). */
  pretrainEpochs: number;
  /** Epochs of head training on frozen codes (report: 10). */
  classifierEpochs: number;
  /** Epochs of end-to-end fine-tuning (report: 30). */
  finetuneEpochs: number;
  /** Mini-batch size of every stage (report: 128). */
  batchSize: number;
  /** SGD learning rate of pre-training (course: 0.1). */
  pretrainLr: number;
  /** SGD learning rate of the head (course: 1). */
  classifierLr: number;
  /** SGD learning rate of fine-tuning (not stated; the head's). */
  finetuneLr: number;
}

/** The report's five architectures, in table order. */
const ARCHITECTURES = [[256, 64], [256, 10], [512, 128], [512, 256, 64], [512]];

/** The report's table: accuracy before → after fine-tuning. */
const REPORT = {
  before_256_64: 0.277,
  after_256_64: 0.928,
  before_256_10: 0.19,
  after_256_10: 0.932,
  before_512_128: 0.308,
  after_512_128: 0.928,
  before_512_256_64: 0.097,
  after_512_256_64: 0.65,
  before_512: 0.908,
  after_512: 0.929,
  minGain: 0.021,
  singleMinusBottleneckBefore: 0.6,
  othersMinusDeepAfter: 0.278,
};

// Measured on wasm, seeds 0–2 (results/full/3.1.1-stacked-ae.json): every architecture gains
// 0.50–0.84 from fine-tuning and ends at 0.92–0.95, except 512-256-64 (0.82–0.88); but the head
// on frozen pre-trained codes stays near chance (0.09–0.13) for the bottleneck nets and reaches
// only 0.19–0.45 for the 512 single layer, far from the report's 0.908. In the record's curves
// (seed 0): 20 epochs of SGD lr 0.1 take the first layer's reconstruction MSE only from 0.22 to
// 0.08–0.10, the next layers' MSE starts at 0.01 (their input codes barely vary), the head's
// loss stays at ln 10 ≈ 2.3 on bottleneck codes and at 44–56 on the 512 codes (SGD lr 1
// oscillates). With the head at SGD lr 0.1 instead (seed 0, architecture 512 alone) it
// starts at 0.445 and ends at 0.933: the head's rate is not the whole gap.
const full: ScaleSetup<StackedAeConfig> = {
  config: {
    architectures: ARCHITECTURES,
    trainCount: 6000,
    testCount: 1000,
    pretrainEpochs: 20,
    classifierEpochs: 10,
    finetuneEpochs: 30,
    batchSize: 128,
    pretrainLr: 0.1,
    classifierLr: 1,
    finetuneLr: 1,
  },
  seeds: [0, 1, 2],
  expect: "not-reproduced",
  reason:
    "The 512 single layer starts at 0.12 ± 0.04 before fine-tuning (seeds 0–2, 2026-12-03), not near the report's 0.908, and no longer above the bottleneck nets (−0.003 ± 0.04); fine-tuning's gains (≥ 0.73) and the deep net's last place after it (+0.05) do reproduce",
  bands: [
    {
      metric: "minGain",
      statement: "fine-tuning helps",
      min: 0.01,
      reportKey: "minGain",
      why: "fine-tuning improves every architecture (report: smallest gain +0.021)",
    },
    {
      metric: "singleMinusBottleneckBefore",
      statement: "bottlenecks start low",
      min: 0.05,
      reportKey: "singleMinusBottleneckBefore",
      why: "bottleneck nets start far below the 512 single layer (report: 0.6 lower)",
    },
    {
      metric: "before_512",
      statement: "512 starts high",
      min: 0.85,
      reportKey: "before_512",
      why: "the 512 single layer starts near 0.9 (report 0.908)",
    },
    {
      metric: "othersMinusDeepAfter",
      statement: "deep net ends lowest",
      min: 0.02,
      reportKey: "othersMinusDeepAfter",
      why: "512-256-64 ends lowest (report: 0.278 below the next)",
    },
  ],
  guards: [
    {
      metric: "minGain",
      statement: "fine-tuning helps",
      min: 0.3,
      why: "measured 0.67 ± 0.14 (seeds 0–2)",
    },
    {
      metric: "before_512",
      statement: "512 starts high",
      max: 0.7,
      why: "measured 0.28 ± 0.14 (seeds 0–2)",
    },
    {
      metric: "othersMinusDeepAfter",
      statement: "deep net ends lowest",
      min: 0.02,
      why: "measured 0.067 ± 0.027 (seeds 0–2)",
    },
  ],
};

// Quick: two of the five architectures (one bottleneck net and the 512 single layer), a third
// of the images and few epochs: about 10 s of one core per seed on wasm. Measured (seeds 0–2,
// results/quick/3.1.1-stacked-ae.json): 256-64 gains 0.12 ± 0.03 and 512 gains 0.59 ± 0.02 from
// fine-tuning; 512 starts at 0.13 ± 0.06, so "starts near 0.9" is not reproduced here either.
const quick: ScaleSetup<StackedAeConfig> = {
  config: {
    ...full.config,
    architectures: [[256, 64], [512]],
    trainCount: 2000,
    pretrainEpochs: 4,
    classifierEpochs: 3,
    finetuneEpochs: 4,
  },
  seeds: [0, 1, 2],
  expect: "not-reproduced",
  reason:
    "The 512 single layer starts near chance before fine-tuning (0.13 ± 0.06 at this scale, 0.28 at full), not near the report's 0.908",
  bands: [
    {
      metric: "minGain",
      statement: "fine-tuning helps",
      min: 0.01,
      reportKey: "minGain",
      why: "fine-tuning improves every architecture (report: smallest gain +0.021)",
    },
    {
      metric: "before_512",
      statement: "512 starts high",
      min: 0.85,
      reportKey: "before_512",
      why: "the 512 single layer starts near 0.9 (report 0.908)",
    },
  ],
  guards: [
    {
      metric: "minGain",
      statement: "fine-tuning helps",
      min: 0.03,
      why: "measured 0.12 ± 0.03 (smallest gain, seeds 0–2)",
    },
    {
      metric: "before_512",
      statement: "512 starts high",
      max: 0.3,
      why: "measured 0.13 ± 0.06 (seeds 0–2)",
    },
    {
      metric: "after_512",
      statement: "fine-tuning helps",
      min: 0.5,
      why: "measured 0.72 ± 0.07 (seeds 0–2)",
    },
  ],
};

/** Metric-name suffix of an architecture, e.g. `512_256_64`. */
function key(hidden: readonly number[]): string {
  return hidden.join("_");
}

/** Train one architecture through the three stages; returns test accuracies and curves. */
async function trainArchitecture(
  hidden: readonly number[],
  data: { xTrain: tf.Tensor; yTrain: tf.Tensor; xTest: tf.Tensor; yTest: tf.Tensor },
  config: Readonly<StackedAeConfig>,
  ctx: RunContext,
): Promise<{ before: number; after: number; curves: Record<string, number[]> }> {
  const net = buildStackedAutoencoder(hidden);
  const name = `784-${hidden.join("-")}`;
  const curves: Record<string, number[]> = {};
  // Each SGD optimizer keeps its learning rate as a tensor: dispose every one created here.
  const optimizers: tf.Optimizer[] = [];
  const sgd = (rate: number) => {
    const optimizer = tf.train.sgd(rate);
    optimizers.push(optimizer);
    return optimizer;
  };
  try {
    // Greedy pre-training: layer i reconstructs the codes of layers 0..i-1, [n, in_i].
    let inputs = data.xTrain;
    for (let i = 0; i < hidden.length; i++) {
      const ae = net.autoencoders[i];
      ae.compile({ optimizer: sgd(config.pretrainLr), loss: "meanSquaredError" });
      const result = await fit(ae, inputs, inputs, {
        epochs: config.pretrainEpochs,
        batchSize: config.batchSize,
        label: `${name} pretrain layer ${i + 1}`,
        onEpoch: ctx.onEpoch,
      });
      curves[`${key(hidden)}_pretrain${i + 1}_mse`] = result.curves.loss;
      const codes = net.codeModels[i].predict(data.xTrain, { batchSize: 1000 }) as tf.Tensor;
      if (inputs !== data.xTrain) inputs.dispose();
      inputs = codes; // [n, units_i]
    }
    if (inputs !== data.xTrain) inputs.dispose();

    // The head on frozen codes.
    for (const encoder of net.encoders) encoder.trainable = false;
    net.classifier.compile({
      optimizer: sgd(config.classifierLr),
      loss: crossEntropyOnLogits,
      metrics: ["categoricalAccuracy"],
    });
    const head = await fit(net.classifier, data.xTrain, data.yTrain, {
      epochs: config.classifierEpochs,
      batchSize: config.batchSize,
      label: `${name} classifier`,
      onEpoch: ctx.onEpoch,
    });
    curves[`${key(hidden)}_classifier_loss`] = head.curves.loss;
    const before = accuracy(await evaluate(net.classifier, data.xTest, data.yTest));

    // End-to-end fine-tuning.
    for (const encoder of net.encoders) encoder.trainable = true;
    net.classifier.compile({
      optimizer: sgd(config.finetuneLr),
      loss: crossEntropyOnLogits,
      metrics: ["categoricalAccuracy"],
    });
    const tuned = await fit(net.classifier, data.xTrain, data.yTrain, {
      epochs: config.finetuneEpochs,
      batchSize: config.batchSize,
      label: `${name} fine-tune`,
      onEpoch: ctx.onEpoch,
    });
    curves[`${key(hidden)}_finetune_loss`] = tuned.curves.loss;
    const after = accuracy(await evaluate(net.classifier, data.xTest, data.yTest));
    return { before, after, curves };
  } finally {
    for (const optimizer of optimizers) optimizer.dispose();
    disposeStackedAutoencoder(net);
  }
}

function accuracy(values: Record<string, number>): number {
  return values.categoricalAccuracy ?? Number.NaN;
}

/**
 * Softmax cross-entropy on logits, as PyTorch's `CrossEntropyLoss`. TF.js'
 * `categoricalCrossentropy` on softmax outputs clips probabilities at 1e-7: after one large SGD
 * lr-1 step saturates the softmax, its gradient is zero and the head never recovers, where the
 * log-softmax form keeps a gradient.
 */
function crossEntropyOnLogits(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(labels, logits);
}

/** 3.1.1-stacked-ae: fine-tuning always helps; bottleneck nets start low; 512 starts near 0.9. */
export const stackedAeClaim = defineClaim<StackedAeConfig>({
  id: "3.1.1-stacked-ae",
  section: "3.1.1",
  statement:
    "Stacked autoencoders: fine-tuning improves every architecture; bottleneck nets start far below the 512 single layer, which starts near 0.9; 512-256-64 ends lowest",
  report: REPORT,
  scales: { quick, full },
  async run(config, ctx) {
    const train = await mnistSubset("train", config.trainCount, { flat: true, seed: ctx.seed });
    const test = await mnistSubset("test", config.testCount, { flat: true, seed: ctx.seed + 1000 });
    const data = { xTrain: train.x, yTrain: train.y, xTest: test.x, yTest: test.y };
    const metrics: Record<string, number> = {};
    const curves: Record<string, number[]> = {};
    const rows: Array<Record<string, number | string>> = [];
    try {
      for (const hidden of config.architectures) {
        const result = await trainArchitecture(hidden, data, config, ctx);
        metrics[`before_${key(hidden)}`] = result.before;
        metrics[`after_${key(hidden)}`] = result.after;
        Object.assign(curves, result.curves);
        rows.push({
          architecture: `784-${hidden.join("-")}`,
          before: result.before,
          after: result.after,
          reportBefore: REPORT[`before_${key(hidden)}` as keyof typeof REPORT] ?? Number.NaN,
          reportAfter: REPORT[`after_${key(hidden)}` as keyof typeof REPORT] ?? Number.NaN,
        });
      }
    } finally {
      tf.dispose([train.x, train.y, test.x, test.y]);
    }
    Object.assign(metrics, derivedMetrics(metrics, config.architectures));
    return { metrics, curves, tables: { accuracy: rows } } satisfies SeedRun;
  },
});

/**
 * The claim's substance as differences, per seed: the smallest fine-tuning gain, how far the
 * bottleneck nets (a layer of ≤ 128 units) start below the 512 single layer, and how far the
 * deep 512-256-64 ends below the next-worst architecture.
 */
function derivedMetrics(
  metrics: Record<string, number>,
  architectures: readonly number[][],
): Record<string, number> {
  const keys = architectures.map(key);
  const gains = keys.map((k) => metrics[`after_${k}`] - metrics[`before_${k}`]);
  const bottlenecks = architectures.filter((h) => h.length > 1 && Math.min(...h) <= 128).map(key);
  const derived: Record<string, number> = { minGain: Math.min(...gains) };
  if (keys.includes("512") && bottlenecks.length > 0) {
    derived.singleMinusBottleneckBefore = metrics.before_512 -
      Math.max(...bottlenecks.map((k) => metrics[`before_${k}`]));
  }
  if (keys.includes("512_256_64") && keys.length > 1) {
    derived.othersMinusDeepAfter = Math.min(
      ...keys.filter((k) => k !== "512_256_64").map((k) => metrics[`after_${k}`]),
    ) - metrics.after_512_256_64;
  }
  return derived;
}
