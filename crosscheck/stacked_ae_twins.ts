/**
 * The twin of 3.1.1 (stacked autoencoders), run by `stacked_ae_torch.py`: its lines carry the
 * suite's metrics by name, one line per seed.
 *
 * @module
 */
import type { StackedAeConfig } from "../lib/claims/ex3/stacked_ae.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const STACKED_AE_TWIN_SCRIPT = "crosscheck/stacked_ae_torch.py";

/** 3.1.1's twin: pre-training, head and fine-tuning in torch. */
export const stackedAeTwin: Twin = {
  claim: "3.1.1-stacked-ae",
  invocations(config, seeds) {
    const c = config as StackedAeConfig;
    return [[
      STACKED_AE_TWIN_SCRIPT,
      ...["--architectures", c.architectures.map((a) => a.join("-")).join(",")],
      ...["--train-count", String(c.trainCount), "--test-count", String(c.testCount)],
      ...["--pretrain-epochs", String(c.pretrainEpochs)],
      ...["--classifier-epochs", String(c.classifierEpochs)],
      ...["--finetune-epochs", String(c.finetuneEpochs), "--batch-size", String(c.batchSize)],
      ...["--pretrain-lr", String(c.pretrainLr), "--classifier-lr", String(c.classifierLr)],
      ...["--finetune-lr", String(c.finetuneLr), "--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the stacked-AE metrics").map((metrics) => ({ metrics }));
  },
};
