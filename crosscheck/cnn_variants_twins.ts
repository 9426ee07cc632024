/**
 * The twin of 3.2.2 (six CNNs on MNIST), run by `cnn_variants_torch.py`: its lines carry the
 * parameter counts of all six networks and the accuracy of each one trained, one line per seed;
 * the claim's own functions derive the compared metrics from them.
 *
 * @module
 */
import {
  cnnVariantAccuracyMetrics,
  cnnVariantParamMetrics,
  type CnnVariantsConfig,
} from "../lib/claims/ex3/cnn_variants.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { CNN_VARIANTS, type CnnVariant } from "../lib/models/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const CNN_VARIANTS_TWIN_SCRIPT = "crosscheck/cnn_variants_torch.py";

/** 3.2.2's twin: the suite's six CNNs, Keras-initialised, in torch. */
export const cnnVariantsTwin: Twin = {
  claim: "3.2.2-cnn-variants",
  invocations(config, seeds) {
    const c = config as CnnVariantsConfig;
    return [[
      CNN_VARIANTS_TWIN_SCRIPT,
      ...["--variants", c.variants.join(","), "--train-count", String(c.trainCount)],
      ...["--test-count", String(c.testCount), "--epochs", String(c.epochs)],
      ...["--batch-size", String(c.batchSize), "--lr", String(c.learningRate)],
      ...["--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, config, seeds): SeedRun[] {
    const { variants } = config as CnnVariantsConfig;
    return seedMetrics(lines, seeds, "the variants' metrics").map((measured) => {
      const params = Object.fromEntries(
        CNN_VARIANTS.map((v) => [v, measured[`params_${v}`]]),
      ) as Record<CnnVariant, number>;
      const metrics = { ...measured, ...cnnVariantParamMetrics(params) };
      return { metrics: { ...metrics, ...cnnVariantAccuracyMetrics(metrics, variants) } };
    });
  },
};
