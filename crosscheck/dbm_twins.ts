/**
 * The twin of 4.1-dbm (a two-layer DBM against the RBM), run by `dbm_torch.py`: its lines carry
 * the suite's metrics by name, one line per seed.
 *
 * @module
 */
import type { DbmConfig } from "../lib/claims/ex4/dbm.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const DBM_TWIN_SCRIPT = "crosscheck/dbm_torch.py";

/** 4.1-dbm's twin: the RBM, the DBM's pre-training and joint training, and both samplers in torch. */
export const dbmTwin: Twin = {
  claim: "4.1-dbm",
  invocations(config, seeds) {
    const c = config as DbmConfig;
    return [[
      DBM_TWIN_SCRIPT,
      ...["--train-images", String(c.trainImages), "--hidden", String(c.hidden)],
      ...["--learning-rate", String(c.learningRate), "--batch-size", String(c.batchSize)],
      ...["--epochs", String(c.epochs), "--dbm-hidden1", String(c.dbmHidden1)],
      ...["--dbm-hidden2", String(c.dbmHidden2), "--pretrain-epochs", String(c.pretrainEpochs)],
      ...["--pretrain-lr", String(c.pretrainLearningRate)],
      ...["--joint-epochs", String(c.jointEpochs), "--joint-lr", String(c.jointLearningRate)],
      ...["--joint-batch-size", String(c.jointBatchSize)],
      ...["--mean-field-steps", String(c.meanFieldSteps), "--chains", String(c.chains)],
      ...["--long-steps", String(c.longSteps), "--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the DBM metrics").map((metrics) => ({ metrics }));
  },
};
