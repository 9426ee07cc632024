/**
 * 1.3.2 — five optimizers on the 2-50-50-1 net, σ = 0.1, 2500 epochs: Nesterov SGD reaches the
 * lowest test MSE, Adam is close, SGD lr 0.1 next, L-BFGS next but with the lowest training MSE,
 * and SGD lr 0.05 is worst.
 *
 * @module
 */
import { defineClaim, type ScaleSetup } from "../claim.ts";
import { SURFACE_OPTIMIZERS, trainOnSurface } from "./_surface.ts";

/** Config of the optimizer comparison. */
export interface OptimizersConfig {
  /** Units per hidden layer (report: 50). */
  width: number;
  /** σ of the training noise (report: 0.1). */
  noise: number;
  /** Epochs per optimizer (report: 2500). */
  epochs: number;
  /** Which of optim1…optim5 to run; the ordering metrics need all five. */
  optimizers: string[];
  /** Epochs between points of the recorded curves. */
  logEvery: number;
}

const ALL = ["optim1", "optim2", "optim3", "optim4", "optim5"];

const quick: ScaleSetup<OptimizersConfig> = {
  config: {
    width: 50,
    noise: 0.1,
    epochs: 200, // a twelfth of the report's 2500: the orderings already show (measured)
    optimizers: ALL,
    logEvery: 10,
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  // At 200 epochs (3 seeds) two of the report's statements already hold with wide margins; the
  // test-MSE ranking of optim2–optim5 does not settle until L-BFGS overfits the noise, so it is
  // checked at full scale only (measured here: L-BFGS still lowest, 0.0022 ± 0.0008).
  bands: [
    {
      metric: "optim1TestAboveOthers",
      min: 0,
      reportKey: "optim1",
      why: "SGD 0.05 has the highest test MSE; measured margin 0.0294 ± 0.0013",
    },
    {
      metric: "othersTrainAboveOptim5",
      min: 0,
      reportKey: "optim5",
      why: "L-BFGS reaches the lowest training MSE; measured margin 0.0024 ± 0.0003",
    },
  ],
  guards: [
    // Seed mean ± 4 seed standard deviations of the 3-seed measurement.
    { metric: "optim1TestMse", min: 0.026, max: 0.044, why: "measured 0.0353 ± 0.0022" },
    { metric: "optim2TestMse", min: 0.0014, max: 0.0072, why: "measured 0.0043 ± 0.0007" },
    { metric: "optim3TestMse", min: 0, max: 0.012, why: "measured 0.0054 ± 0.0016" },
    { metric: "optim4TestMse", min: 0.0027, max: 0.0064, why: "measured 0.0045 ± 0.0005" },
    { metric: "optim5TestMse", min: 0, max: 0.0053, why: "measured 0.0022 ± 0.0008" },
  ],
};

const full: ScaleSetup<OptimizersConfig> = {
  config: { width: 50, noise: 0.1, epochs: 2500, optimizers: ALL, logEvery: 25 },
  seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  expect: "not-reproduced",
  reason:
    "Nesterov SGD does not reach the lowest test MSE on the 20-seed mean: Adam (0.00198 ± 0.00017) and SGD 0.1 (0.00206 ± 0.00046) are below it (0.00222 ± 0.00076; others − Nesterov −0.00038 ± 0.00075), and it is lowest in 7 of 20 seeds; the PyTorch twin over 20 seeds misses it too (−0.00009 ± 0.00067, lowest in 11 of 20)",
  bands: [
    {
      metric: "optim1TestAboveOthers",
      min: 0,
      reportKey: "optim1",
      why: "report: SGD 0.05 has the highest test MSE",
    },
    {
      metric: "othersTrainAboveOptim5",
      min: 0,
      reportKey: "optim5",
      why: "report: L-BFGS reaches the lowest training MSE",
    },
    {
      metric: "othersTestAboveOptim3",
      min: 0,
      reportKey: "optim3TestMse",
      why: "report: Nesterov SGD has the lowest test MSE (0.0018)",
    },
    {
      metric: "optim4OverOptim3Test",
      min: 1,
      max: 1.5,
      reportKey: "optim4TestMse",
      why: "report: Adam close behind Nesterov (0.0019 vs 0.0018, ratio 1.06)",
    },
    {
      metric: "optim2MinusOptim4Test",
      min: 0,
      reportKey: "optim2TestMse",
      why: "report: SGD 0.1 (0.0033) behind Adam (0.0019)",
    },
    {
      metric: "optim5MinusOptim2Test",
      min: 0,
      reportKey: "optim5TestMse",
      why: "report: L-BFGS (0.0043) behind SGD 0.1 (0.0033) on test MSE",
    },
  ],
  // Measured (seeds 0–19, 2500 epochs, results/full/1.3.2-optimizers.json): test MSE optim1
  // 0.0085 ± 0.0017, optim2 0.0021 ± 0.0005, optim3 0.0022 ± 0.0008, optim4 0.0020 ± 0.0002,
  // optim5 0.0034 ± 0.0004; training MSE of L-BFGS 0.0069 ± 0.0006, the lowest. SGD 0.1, Nesterov
  // and Adam lie within one seed standard deviation of each other: Nesterov, with the widest
  // spread (0.0015–0.0046), is lowest in 7 seeds of 20, Adam below it in 10. The PyTorch twin
  // (seeds 0–19) gives the same picture: Nesterov 0.0021 ± 0.0006, lowest in 11 of 20, Adam
  // below it in 5; its Adam lands higher (0.0022 ± 0.0002, rank-sum p = 0.001 against TF.js),
  // every other MSE alike (p ≥ 0.1). That Adam gap is the twin's draw, not the frameworks:
  // `crosscheck/adam_epsilon_torch.py` (seeds 0–19 of fresh torch draws) gives torch's Adam
  // 0.0021 ± 0.0002 (p = 0.60 against TF.js, 0.04 against the twin's own 20), and tfjs-core's
  // placement of ε beside torch's, on the same weights and batches, moves it by +0.00003 ±
  // 0.0002 (signed-rank p = 0.84). So the split on the Adam/Nesterov band is seed noise.
  guards: [
    // Seed mean ± 4 seed standard deviations (seeds 0–19).
    { metric: "optim1TestMse", min: 0.0018, max: 0.0153, why: "measured 0.0085 ± 0.0017" },
    { metric: "optim3TestMse", min: 0, max: 0.0053, why: "measured 0.0022 ± 0.0008" },
    { metric: "optim4TestMse", min: 0.0013, max: 0.0026, why: "measured 0.0020 ± 0.0002" },
    { metric: "optim5TestMse", min: 0.0020, max: 0.0049, why: "measured 0.0034 ± 0.0004" },
    { metric: "optim5TrainMse", min: 0.0046, max: 0.0092, why: "measured 0.0069 ± 0.0006" },
  ],
};

/** 1.3.2-optimizers: the five optimizers' test and training MSE on the noisy surface. */
export const optimizersClaim = defineClaim<OptimizersConfig>({
  id: "1.3.2-optimizers",
  section: "1.3.2",
  statement:
    "Five optimizers on the 2-50-50-1 net, σ = 0.1, 2500 epochs: Nesterov SGD lowest test MSE, Adam close, SGD lr 0.1 next, L-BFGS next but lowest training MSE, SGD lr 0.05 worst",
  report: {
    optim2TestMse: 0.0033,
    optim3TestMse: 0.0018,
    optim4TestMse: 0.0019,
    optim5TestMse: 0.0043,
    optim1: "highest test and training MSE",
    optim5: "lowest training MSE",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const metrics: Record<string, number> = {};
    const curves: Record<string, number[]> = {};
    const rows: Array<Record<string, number | string>> = [];
    for (const optimizer of SURFACE_OPTIMIZERS.filter((o) => config.optimizers.includes(o.name))) {
      const result = await trainOnSurface({
        width: config.width,
        noise: config.noise,
        epochs: config.epochs,
        optimizer,
        dataSeed: ctx.seed,
        logEvery: config.logEvery,
        label: optimizer.name,
        signal: ctx.signal,
        onEpoch: ctx.onEpoch,
      });
      metrics[`${optimizer.name}TrainMse`] = result.trainMse;
      metrics[`${optimizer.name}TestMse`] = result.testMse;
      metrics[`${optimizer.name}Seconds`] = result.seconds;
      metrics[`${optimizer.name}CpuSeconds`] = result.cpuSeconds;
      curves[`${optimizer.name}TrainMse`] = result.trainCurve;
      curves[`${optimizer.name}TestMse`] = result.testCurve;
      rows.push({
        optimizer: optimizer.name,
        batchSize: optimizer.batchSize,
        trainMse: result.trainMse,
        testMse: result.testMse,
        seconds: result.seconds,
      });
    }
    return {
      metrics: { ...metrics, ...optimizerOrderings(metrics) },
      curves,
      tables: { optimizers: rows },
    };
  },
});

/**
 * The report's orderings as differences, positive when the report's statement holds: each is
 * computed per seed, so its seed mean is the difference of the seed means. Also what the PyTorch
 * twin's runs are judged by (`crosscheck/surface_twins.ts`).
 *
 * @param m A seed's `<optimizer>TrainMse` and `<optimizer>TestMse` for `optim1` … `optim5`.
 * @returns The orderings; none unless all five optimizers ran.
 * @example
 * ```ts
 * optimizerOrderings({ optim1TestMse: 0.01 }); // {}: not all five ran
 * ```
 */
export function optimizerOrderings(m: Record<string, number>): Record<string, number> {
  if (!ALL.every((name) => `${name}TestMse` in m)) return {};
  const test = (name: string) => m[`${name}TestMse`];
  const train = (name: string) => m[`${name}TrainMse`];
  const others = (name: string) => ALL.filter((o) => o !== name);
  return {
    // SGD 0.05 worst: its test MSE above every other optimizer's.
    optim1TestAboveOthers: test("optim1") - Math.max(...others("optim1").map(test)),
    // L-BFGS lowest training MSE: every other optimizer's above it.
    othersTrainAboveOptim5: Math.min(...others("optim5").map(train)) - train("optim5"),
    // Nesterov SGD lowest test MSE.
    othersTestAboveOptim3: Math.min(...others("optim3").map(test)) - test("optim3"),
    // Adam close to Nesterov: ratio of their test MSEs.
    optim4OverOptim3Test: test("optim4") / test("optim3"),
    // SGD 0.1 above Adam, L-BFGS above SGD 0.1 on test MSE.
    optim2MinusOptim4Test: test("optim2") - test("optim4"),
    optim5MinusOptim2Test: test("optim5") - test("optim2"),
  };
}
