/**
 * 1.3.3 — the five optimizers at widths 10, 50 and 500 for 200 epochs: SGD lr 0.05 has the worst
 * test MSE at every width, L-BFGS's training time grows fastest with width, and wider nets reach
 * lower training MSE.
 *
 * Training time is the main thread's CPU time, read at every logged epoch: a run's cost is the
 * median over those pieces of CPU time per epoch, times its epochs. A warm-up (the first run's JIT
 * compilation, a kernel's first call), a garbage collection or another program on the machine can
 * only inflate a piece, and at width 10 a whole run takes 0.05 s, where one such event doubled a
 * seed's total; V8's helper threads, counted in the process's CPU time, are left out. Only ratios
 * are checked (widest over narrowest width, per optimizer), never absolute seconds.
 *
 * @module
 */
import { type Band, defineClaim, type ScaleSetup } from "../claim.ts";
import { median } from "./_regression.ts";
import { SURFACE_OPTIMIZERS, type SurfaceRunResult, trainOnSurface } from "./_surface.ts";

/** Config of the width study. */
export interface WidthConfig {
  /** Units per hidden layer, ascending (report: 10, 50, 500). */
  widths: number[];
  /** σ of the training noise (report: 0.1). */
  noise: number;
  /** Epochs per optimizer and width (report: 200). */
  epochs: number;
  /** Epochs between points of the recorded curves. */
  logEvery: number;
}

const NAMES = SURFACE_OPTIMIZERS.map((o) => o.name);

// The claim's three statements as bands on per-seed differences and counts.
const BANDS: Band[] = [
  {
    metric: "optim1TestAboveOthersMin",
    min: 0,
    reportKey: "optim1",
    why: "SGD 0.05 has the highest test MSE at every width (smallest margin over the widths)",
  },
  {
    metric: "optim5TimeRatioOverOthers",
    min: 1,
    reportKey: "optim5Time",
    why:
      "L-BFGS's training-time ratio widest/narrowest (median CPU time per epoch, seed medians) exceeds every other optimizer's",
  },
  {
    metric: "optimizersWiderLowerTrain",
    min: 3,
    reportKey: "width",
    why: '"often": for most of the five optimizers the widest net ends at a lower training MSE',
  },
];

const quick: ScaleSetup<WidthConfig> = {
  config: {
    widths: [10, 50, 200], // 500 costs 6× the arithmetic of 200 per epoch: too slow for CI
    noise: 0.1,
    epochs: 50, // a quarter of the report's 200 epochs
    logEvery: 5,
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  // Measured (3 seeds): margin 0.0185 ± 0.0074; 4 ± 1 optimizers lower. L-BFGS's ratio of
  // seed-median times over the next largest (SGD 0.05's), main-thread CPU time with the median
  // piece, in runs with load average 9 from other programs: 1.54, 1.93 alone, 1.39 with two
  // more CPU-burning processes (process CPU time summed over the run gave 1.46–1.88 there).
  // Per seed the ratio is noisier (L-BFGS's line search spends a seed-dependent number of
  // evaluations). The quick suite itself (`.ci/run`, tests in parallel on 2 cores) then gave 0.74
  // (L-BFGS 30.9 / 23.9 / 16.3 per seed against SGD 0.05's 21.5 / 32.9 / 23.6): at widths of at
  // most 200 and 50 epochs, where a width-10 run takes 0.05–0.2 s, the order of the two largest
  // ratios is decided by the machine, not by the optimizers. The PyTorch twin puts SGD 0.05's
  // ratio above L-BFGS's in every seed. So the time statement is checked at full scale only.
  bands: BANDS.filter((band) => band.metric !== "optim5TimeRatioOverOthers"),
  guards: [
    // Seed mean ± 4 seed standard deviations; times are not guarded, they depend on the machine.
    { metric: "testMse:optim1@50", min: 0.047, max: 0.056, why: "measured 0.0512 ± 0.0011" },
    { metric: "testMse:optim2@200", min: 0.0049, max: 0.0065, why: "measured 0.0057 ± 0.0002" },
    { metric: "testMse:optim4@200", min: 0.0047, max: 0.0089, why: "measured 0.0068 ± 0.0005" },
  ],
};

// Full scale, measured on wasm (seeds 0–4): optim3 (SGD 0.1 with Nesterov momentum 0.9, batch
// 400) diverges at width 500 in epoch 5 for seeds 1, 2 and 3; the record lists them and the other
// seeds still run. Seeds 0 and 4 train through and show the claim: SGD 0.05 worst at every width
// (smallest margins 0.0101 and 0.0284), every optimizer lower in training MSE at 500 than at 10
// (5 of 5), L-BFGS's time ratio 500/10 the largest (142 against 44 for seed 0; 2.75× the next
// for seed 4).
const full: ScaleSetup<WidthConfig> = {
  config: { widths: [10, 50, 500], noise: 0.1, epochs: 200, logEvery: 5 },
  seeds: [0, 1, 2, 3, 4],
  expect: "not-reproduced",
  reason:
    "At width 500 optim3 (SGD 0.1, Nesterov momentum 0.9) diverges in epoch 5 for three of five seeds (1, 2, 3); seeds 0 and 4 train through and show SGD 0.05 worst at every width, all five optimizers lower at width 500 and L-BFGS's time growing fastest",
  bands: BANDS,
  guards: [
    { metric: "optim1TestAboveOthersMin", min: 0, why: "seeds 0 and 4: 0.0101, 0.0284" },
    { metric: "optimizersWiderLowerTrain", min: 4, why: "seeds 0 and 4: 5 of 5 each" },
  ],
};

/** 1.3.3-width: optimizers across network widths. */
export const widthClaim = defineClaim<WidthConfig>({
  id: "1.3.3-width",
  section: "1.3.3",
  statement:
    "At widths 10, 50, 500 (200 epochs): SGD 0.05 worst test MSE at every width; L-BFGS training time grows fastest with width; wider nets reach lower training MSE",
  report: {
    optim1: "highest test MSE at every width",
    optim5Time: "training time increases dramatically with model size",
    width: "larger networks often reach lower training MSE",
  },
  scales: { quick, full },
  async run(config, ctx) {
    const metrics: Record<string, number> = {};
    const curves: Record<string, number[]> = {};
    const rows: Array<Record<string, number | string>> = [];
    for (const width of config.widths) {
      for (const optimizer of SURFACE_OPTIMIZERS) {
        const result = await trainOnSurface({
          width,
          noise: config.noise,
          epochs: config.epochs,
          optimizer,
          dataSeed: ctx.seed,
          logEvery: config.logEvery,
          label: `${optimizer.name} width ${width}`,
          signal: ctx.signal,
          onEpoch: ctx.onEpoch,
        });
        const key = `${optimizer.name}@${width}`;
        metrics[`trainMse:${key}`] = result.trainMse;
        metrics[`testMse:${key}`] = result.testMse;
        metrics[`seconds:${key}`] = result.seconds;
        metrics[`cpuSeconds:${key}`] = result.cpuSeconds;
        metrics[`costSeconds:${key}`] = trainingCost(result.intervals);
        curves[`trainMse:${key}`] = result.trainCurve;
        rows.push({
          optimizer: optimizer.name,
          width,
          trainMse: result.trainMse,
          testMse: result.testMse,
          seconds: result.seconds,
          cpuSeconds: result.cpuSeconds,
          costSeconds: metrics[`costSeconds:${key}`],
        });
      }
    }
    const narrow = config.widths[0];
    const wide = config.widths[config.widths.length - 1];
    const m = (kind: string, name: string, width: number) => metrics[`${kind}:${name}@${width}`];
    const ratio = (name: string) => m("costSeconds", name, wide) / m("costSeconds", name, narrow);
    for (const name of NAMES) metrics[`timeRatio:${name}`] = ratio(name);
    return {
      metrics: {
        ...metrics,
        // SGD 0.05 worst at every width: the smallest margin over the best of the rest.
        optim1TestAboveOthersMin: Math.min(...config.widths.map((w) =>
          m("testMse", "optim1", w) -
          Math.max(...NAMES.filter((n) => n !== "optim1").map((n) => m("testMse", n, w)))
        )),
        // Wider nets lower training MSE: optimizers whose widest net ends below its narrowest.
        optimizersWiderLowerTrain: NAMES.filter((n) =>
          m("trainMse", n, wide) < m("trainMse", n, narrow)
        ).length,
      },
      curves,
      tables: { runs: rows },
    };
  },
  summarize(runs, config) {
    // L-BFGS time grows fastest: its wide/narrow training-time ratio over the largest other one,
    // each time the median over seeds.
    const narrow = config.widths[0];
    const wide = config.widths[config.widths.length - 1];
    const time = (name: string, width: number) =>
      median(runs.map((r) => r.metrics[`costSeconds:${name}@${width}`]));
    const ratio = (name: string) => time(name, wide) / time(name, narrow);
    const others = NAMES.filter((n) => n !== "optim5");
    return { optim5TimeRatioOverOthers: ratio("optim5") / Math.max(...others.map(ratio)) };
  },
});

/**
 * A run's training time robust to the machine: the median of its pieces' main-thread CPU time per
 * epoch, times its epochs. For L-BFGS, whose epochs grow dearer as its history fills, the median
 * piece sits mid-run, near the mean of a cost growing steadily.
 */
function trainingCost(intervals: SurfaceRunResult["intervals"]): number {
  const epochs = intervals.reduce((sum, piece) => sum + piece.epochs, 0);
  return median(intervals.map((piece) => piece.threadCpuSeconds / piece.epochs)) * epochs;
}
