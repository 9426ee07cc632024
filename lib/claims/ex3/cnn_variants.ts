/**
 * 3.2.2 — six CNNs on MNIST: their trainable-parameter counts against the report's table, and
 * test accuracy after training (Model 2 best, BatchNorm on Model 2 does not help, Model 3 the
 * smallest and still ≥ 97%).
 *
 * Setup (course-facts.md, exercise 3): Adam 1e-3, cross-entropy, 20 epochs, batch 100, a random
 * 10k-image training subset and a random 2k-image test subset of MNIST, drawn per seed. The
 * architectures and the choices the report's wording leaves open are documented on
 * {@linkcode buildCnnVariant}: every count lands within 1% of the report's figure except Model 3,
 * for which no reading of "8-3×3 + MaxPool (2×2) → 16-3×3 → FC 10" gives ~11k (the nearest,
 * stride 2 in the second convolution, gives 9,098); that count is kept as a guard, not a band.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import {
  buildCnnVariant,
  CNN_VARIANTS,
  type CnnVariant,
  cnnVariantLoss,
  trainableParams,
} from "../../models/mod.ts";
import { FusedAdam } from "../../optimizers/mod.ts";
import { evaluate, fit, type FitState } from "../../training/mod.ts";
import { type Band, defineClaim, type ScaleSetup, type SeedRun } from "../claim.ts";
import { dropTrainingProgress, seedRow, trainingProgress } from "../seed_rows.ts";
import { mnistSubset } from "./_mnist_subset.ts";

/** Config of one scale. */
export interface CnnVariantsConfig {
  /** The CNNs trained; all six at full scale. Parameter counts cover all six at every scale. */
  variants: CnnVariant[];
  /** Training images, a random subset of MNIST train (course: 10,000). */
  trainCount: number;
  /** Test images, a random subset of MNIST test (course: 2,000). */
  testCount: number;
  /** Training epochs (report: 20). */
  epochs: number;
  /** Mini-batch size (report: 100). */
  batchSize: number;
  /** Adam learning rate (course: 1e-3). */
  learningRate: number;
}

/** The report's approximate trainable-parameter counts and test accuracies (table of 3.2.2). */
const REPORT_PARAMS: Record<CnnVariant, number> = {
  baseline: 49_000,
  model1: 57_000,
  model2: 897_000,
  model3: 11_000,
  model4: 897_000,
  model5: 30_000,
};
const REPORT_ACCURACY: Record<CnnVariant, number> = {
  baseline: 0.9795,
  model1: 0.982,
  model2: 0.9885,
  model3: 0.9725,
  model4: 0.983,
  model5: 0.976,
};

const REPORT: Record<string, number | string> = {
  ...Object.fromEntries(CNN_VARIANTS.map((v) => [`params_${v}`, REPORT_PARAMS[v]])),
  ...Object.fromEntries(CNN_VARIANTS.map((v) => [`acc_${v}`, REPORT_ACCURACY[v]])),
  model2MinusBestOther: 0.9885 - 0.983,
  model2MinusModel4: 0.9885 - 0.983,
  model3MinusSmallestOther: 11_000 - 30_000,
};

/** The report's figures are rounded to the thousand: within 2% is "~49 thousand" and so on. */
const PARAM_BANDS: Band[] = (["baseline", "model1", "model2", "model4", "model5"] as const).map((
  v,
) => ({
  metric: `paramsRelError_${v}`,
  min: 0,
  max: 0.02,
  reportKey: `params_${v}`,
  why: `trainable parameters within 2% of the report's rounded ~${REPORT_PARAMS[v] / 1000}k`,
}));

const STRUCTURE_BANDS: Band[] = [
  ...PARAM_BANDS,
  {
    metric: "model3MinusSmallestOther",
    max: -1,
    reportKey: "model3MinusSmallestOther",
    why: "Model 3 has the fewest trainable parameters",
  },
];

const MODEL3_GUARD: Band = {
  metric: "params_model3",
  min: 9_098,
  max: 9_098,
  reportKey: "params_model3",
  why: "Model 3 as built (report ~11k: its wording gives 9,098 or 32,618, neither ~11k)",
};

// Full scale, seeds 0–2 on wasm (Glorot-uniform kernels, softmax cross-entropy on logits; ~54 min
// of one core a seed): test accuracy baseline 0.976, 0.973, 0.973; Model 1 0.9825, 0.9875, 0.983;
// Model 2 0.9875, 0.9905, 0.9885; Model 3 0.969, 0.973, 0.956; Model 4 0.9845, 0.988, 0.9845; Model
// 5 0.9725, 0.9775, 0.975. Model 2 is the most accurate in every seed, 0.25–0.4 pp above Model 4
// (report 0.55 pp); Model 3 averages 0.966, below 97%. The PyTorch twin (same setup, its own
// subsets; crosscheck/measurements/3.2.2-pytorch.jsonl, seeds 0–2) has Model 4 ahead in two of three
// seeds (Model 2 − Model 4: −0.45, −0.6, +0.4 pp) and Model 3 at 0.9715; seeds 3–4 of Models 2 and
// 4 alone (3.2.2-model2-model4-pytorch.jsonl) give −0.05 and +0.35 pp, −0.07 pp over five seeds: a
// coin flip there. Its Model 4 matches the suite's (0.9863 over five seeds against 0.9857) and its
// Model 2 is lower (0.9856 against 0.9888): Model 2 is the one net whose training the lockstep tests
// do not cover (its dropout is left out there). Model 3 over 16 seeds a side
// (crosscheck/measurements/3.2.2-model3-*): TF.js 0.9661 ± 0.0056, PyTorch 0.9690 ± 0.0044
// (rank-sum p = 0.12), below 97% on average in both. Trained on Keras' clipped
// categoricalCrossentropy instead, Model 4 stayed at loss 3.18 and 78% accuracy (seed 0).
const full: ScaleSetup<CnnVariantsConfig> = {
  config: {
    variants: [...CNN_VARIANTS],
    trainCount: 10_000,
    testCount: 2_000,
    epochs: 20,
    batchSize: 100,
    learningRate: 1e-3,
  },
  seeds: [0, 1, 2],
  expect: "not-reproduced",
  reason:
    "Model 3 averages below 97% (0.966 over seeds 0–2; 16 seeds a side: TF.js 0.966, PyTorch 0.969). Model 2 is the most accurate here, 0.25–0.4 pp above Model 4 in every seed, where the PyTorch twin has Model 4 ahead on average (0.22 pp over seeds 0–2): its Model 2 is 0.4 pp below the suite's, not yet explained",
  bands: [
    ...STRUCTURE_BANDS,
    {
      metric: "model2MinusBestOther",
      min: 0,
      reportKey: "model2MinusBestOther",
      why: "Model 2 is the most accurate (report: 0.55 pp ahead of Model 4)",
    },
    {
      metric: "model2MinusModel4",
      min: 0,
      reportKey: "model2MinusModel4",
      why: "BatchNorm on Model 2 does not help",
    },
    {
      metric: "acc_model3",
      min: 0.97,
      reportKey: "acc_model3",
      why: "the smallest model still reaches 97% (report 97.25%)",
    },
  ],
  guards: [MODEL3_GUARD],
};

// Quick: baseline, Model 2 and Model 3 on 1,000 images for 2 epochs (about 25 s of one core per
// seed, Model 2 most of it). Measured (seeds 0–2, Glorot-uniform kernels): Model 2 0.798 ±
// 0.044, baseline 0.335 ± 0.077, Model 3 0.382 ± 0.027; Model 2 leads by 0.415 ± 0.032 (0.38 at
// worst); tfjs-layers' default kernels gave 0.776 ± 0.058 and a lead of 0.36 ± 0.06. Model 4 costs more
// than Model 2 and Model 3 is far from converged here, so those two claims are full-scale only.
const quick: ScaleSetup<CnnVariantsConfig> = {
  config: {
    ...full.config,
    variants: ["baseline", "model2", "model3"],
    trainCount: 1_000,
    testCount: 1_000,
    epochs: 2,
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands: [
    ...STRUCTURE_BANDS,
    {
      metric: "model2MinusBestOther",
      min: 0.15,
      reportKey: "model2MinusBestOther",
      why: "Model 2 is the most accurate by a clear margin; measured lead 0.415 ± 0.032",
    },
  ],
  guards: [MODEL3_GUARD, {
    metric: "acc_model2",
    min: 0.6,
    why: "measured 0.798 ± 0.044 (seeds 0–2)",
  }],
};

/** 3.2.2-cnn-variants: Model 2 most accurate, Model 3 smallest, BatchNorm on Model 2 no help. */
export const cnnVariantsClaim = defineClaim<CnnVariantsConfig>({
  id: "3.2.2-cnn-variants",
  section: "3.2.2",
  statement:
    "Six CNN variants, 20 epochs, batch 100: Model 2 most accurate; Model 3 smallest (≥ 97%); BatchNorm on Model 2 does not help",
  report: REPORT,
  scales: { quick, full },
  async run(config, ctx) {
    const params = Object.fromEntries(CNN_VARIANTS.map((variant) => {
      const model = buildCnnVariant(variant);
      const count = trainableParams(model);
      model.dispose();
      return [variant, count];
    })) as Record<CnnVariant, number>;
    const metrics: Record<string, number> = cnnVariantParamMetrics(params);
    const rows: Array<Record<string, number | string>> = [];

    const curves: Record<string, number[]> = {};
    if (config.variants.length > 0 && config.epochs > 0) {
      const train = await mnistSubset("train", config.trainCount, { seed: ctx.seed });
      const test = await mnistSubset("test", config.testCount, { seed: ctx.seed + 1000 });
      try {
        for (const variant of config.variants) {
          // One row per variant: a run cut after it resumes at the next variant.
          const row = await seedRow(ctx, variant, async () => {
            const model = buildCnnVariant(variant);
            try {
              model.compile({
                optimizer: new FusedAdam(config.learningRate), // tf.train.adam, one kernel call
                loss: cnnVariantLoss, // on logits, as torch: no clipped, gradient-free samples
                metrics: ["accuracy"],
              });
              const result = await fit(model, train.x, train.y, {
                epochs: config.epochs,
                batchSize: config.batchSize,
                label: variant,
                onEpoch: ctx.onEpoch,
                // A cut variant resumes at its next epoch.
                checkpoint: ctx.rows && trainingProgress<FitState>(ctx, `${variant} epochs`),
              });
              const scores = await evaluate(model, test.x, test.y);
              return { loss: result.curves.loss, acc: scores.acc ?? scores.accuracy };
            } finally {
              model.optimizer?.dispose();
              model.dispose();
            }
          });
          await dropTrainingProgress(ctx, `${variant} epochs`);
          curves[`${variant}_loss`] = row.loss;
          metrics[`acc_${variant}`] = row.acc;
        }
      } finally {
        tf.dispose([train.x, train.y, test.x, test.y]);
      }
    }
    for (const variant of CNN_VARIANTS) {
      rows.push({
        model: variant,
        params: metrics[`params_${variant}`],
        reportParams: REPORT_PARAMS[variant],
        accuracy: metrics[`acc_${variant}`] ?? Number.NaN,
        reportAccuracy: REPORT_ACCURACY[variant],
      });
    }
    Object.assign(metrics, cnnVariantAccuracyMetrics(metrics, config.variants));
    return { metrics, curves, tables: { models: rows } } satisfies SeedRun;
  },
});

/**
 * The parameter metrics of one seed from the six trainable-parameter counts: each count, its
 * relative error against the report's rounded figure, and Model 3's margin below the smallest
 * other.
 *
 * @param params Trainable parameters of each variant.
 * @returns `params_<v>`, `paramsRelError_<v>` and `model3MinusSmallestOther`.
 */
export function cnnVariantParamMetrics(
  params: Readonly<Record<CnnVariant, number>>,
): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const variant of CNN_VARIANTS) {
    metrics[`params_${variant}`] = params[variant];
    metrics[`paramsRelError_${variant}`] = Math.abs(params[variant] - REPORT_PARAMS[variant]) /
      REPORT_PARAMS[variant];
  }
  metrics.model3MinusSmallestOther = params.model3 -
    Math.min(...CNN_VARIANTS.filter((v) => v !== "model3").map((v) => params[v]));
  return metrics;
}

/**
 * The accuracy claims as differences, per seed, for whichever variants were trained.
 *
 * @param metrics `acc_<v>` of each trained variant.
 * @param variants The variants trained.
 * @returns `model2MinusBestOther` and `model2MinusModel4` where their variants were trained.
 */
export function cnnVariantAccuracyMetrics(
  metrics: Record<string, number>,
  variants: readonly CnnVariant[],
): Record<string, number> {
  const derived: Record<string, number> = {};
  const others = variants.filter((v) => v !== "model2");
  if (variants.includes("model2") && others.length > 0) {
    derived.model2MinusBestOther = metrics.acc_model2 -
      Math.max(...others.map((v) => metrics[`acc_${v}`]));
  }
  if (variants.includes("model2") && variants.includes("model4")) {
    derived.model2MinusModel4 = metrics.acc_model2 - metrics.acc_model4;
  }
  return derived;
}
