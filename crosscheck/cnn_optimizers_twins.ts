/**
 * The twin of 1.3.6 (the MNIST CNN under six optimizer settings), run by `cnn_optimizers_torch.py`:
 * its lines carry the suite's per-optimizer metrics by name, one line per seed; the orderings come
 * from the claim's own {@linkcode cnnOptimizerOrderings}.
 *
 * @module
 */
import {
  cnnOptimizerOrderings,
  type CnnOptimizersConfig,
} from "../lib/claims/ex1/cnn_optimizers.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const CNN_OPTIMIZERS_TWIN_SCRIPT = "crosscheck/cnn_optimizers_torch.py";

/** 1.3.6's twin: the suite's CNN and optimizer settings in torch. */
export const cnnOptimizersTwin: Twin = {
  claim: "1.3.6-cnn-optimizers",
  invocations(config, seeds) {
    const c = config as CnnOptimizersConfig;
    return [[
      CNN_OPTIMIZERS_TWIN_SCRIPT,
      ...["--optimizers", c.optimizers.join(","), "--train-images", String(c.trainImages)],
      ...["--test-images", String(c.testImages), "--epochs", String(c.epochs)],
      ...["--batch-size", String(c.batchSize), "--validation-split", String(c.validationSplit)],
      ...["--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the optimizers' metrics")
      .map((metrics) => ({ metrics: { ...metrics, ...cnnOptimizerOrderings(metrics) } }));
  },
};
