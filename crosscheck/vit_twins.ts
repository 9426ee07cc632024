/**
 * The twin of 3.3.1 (ViT configurations), run by `vit_torch.py`: its lines carry the suite's
 * metrics by name, one line per seed.
 *
 * @module
 */
import type { VitClaimConfig } from "../lib/claims/ex3/vit.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const VIT_TWIN_SCRIPT = "crosscheck/vit_torch.py";

/** 3.3.1's twin: the suite's ViT in torch. */
export const vitTwin: Twin = {
  claim: "3.3.1-vit",
  invocations(config, seeds) {
    const c = config as VitClaimConfig;
    return [[
      VIT_TWIN_SCRIPT,
      ...["--models", c.models.join(","), "--train-count", String(c.trainCount)],
      ...["--test-count", String(c.testCount), "--epochs", String(c.epochs)],
      ...["--batch-size", String(c.batchSize), "--lr", String(c.learningRate)],
      ...["--lr-decay", String(c.lrDecay), "--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the ViT metrics").map((metrics) => ({ metrics }));
  },
};
