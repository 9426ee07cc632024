/**
 * 2.1.3 — digit attractors in a 784-neuron Hopfield network: recall degrades with noise, noisy
 * digits are recalled as another stored digit at high noise, and convergence takes more
 * iterations as noise grows.
 *
 * Setup from the course: the first training image of each class 0..9, binarised with
 * sign(2·(x − min)/(max − min) − 1); the Li–Michel–Porod design (MATLAB `newhop`); noise level =
 * the std of additive Gaussian noise, then clipped to [−1, 1]; synchronous updates. A run
 * "reaches digit d" when its final state has the signs of pattern d with every |aᵢ| > 0.99.
 *
 * The report's energy plots show all ten digits of one noisy draw, converging "after less than
 * 10 iterations" at noise 1.5 and "around 35" at noise 8: the slowest of ten digits, so the claim
 * compares them with the maximum over the ten digits of a draw. Its table (noise 5: 2 → 1 and
 * 3 → 8, the other eight right) is one draw too; the claim stores the same table for its first
 * draw and checks the rates over many. Those two confusions are rare under the exact design: at
 * noise 5 most wrong recalls go elsewhere (2 → 1 or 3 → 8 turned up in one of five full seeds of
 * ten draws), so the claim checks that wrong digits are recalled, not which.
 *
 * @module
 */
import { seededRandom } from "../../backend/mod.ts";
import { loadMnist, MNIST_CLASSES, MNIST_PIXELS } from "../../data/mod.ts";
import { designHopfield, type HopfieldNet, runHopfield } from "../../models/mod.ts";
import { type Band, defineClaim, type ScaleSetup } from "../claim.ts";

/** Config of 2.1.3. */
export interface HopfieldDigitsConfig {
  /** Noise levels (std of the added Gaussian noise), ascending; the report shows 1.5, 5 and 8. */
  noiseLevels: number[];
  /** Noisy draws of the ten digits per level and seed. */
  draws: number;
  /** The level whose digit-reached table is stored (report: 5). */
  tableNoise: number;
  /** A state has stopped changing when no entry moves by more than this. */
  tolerance: number;
  /** Iteration limit per run (report: up to 90). */
  maxIterations: number;
  /** `sync` (course default) or `async`. */
  mode: string;
  /** `lmp` (course default, MATLAB newhop) or `hebbian`. */
  rule: string;
}

// Section 2.1.3: the levels of the energy plots and their convergence, the table's confusions.
const REPORT_LOW_NOISE = 1.5;
const REPORT_LOW_ITERATIONS = 10;
const REPORT_HIGH_NOISE = 8;
const REPORT_HIGH_ITERATIONS = 35;

const bands: Band[] = [
  {
    metric: "recallLowest",
    min: 0.95,
    why: "at the lowest noise nearly every digit comes back: measured 1.0",
  },
  {
    metric: "recallDrop",
    min: 0.2,
    reportKey: "recall",
    why:
      "recall at the lowest minus the highest level: measured 0.45 ± 0.18 over 3 quick seeds, 0.53 ± 0.02 over 5 full seeds",
  },
  {
    metric: "wrongDigitHigh",
    min: 0.1,
    reportKey: "table",
    why:
      "at noise ≥ 5 some runs end on another stored digit: measured 0.28 ± 0.09 over 3 quick seeds, 0.34 ± 0.03 over 5 full seeds",
  },
  {
    metric: "iterationsRise",
    min: 10,
    reportKey: "iterations",
    why:
      "mean iterations at the highest minus the lowest level: measured 22 ± 1 over 3 quick seeds, 23.1 ± 0.7 over 5 full seeds",
  },
  {
    metric: "drawMaxIterationsLow",
    max: REPORT_LOW_ITERATIONS,
    reportKey: "lowNoiseIterations",
    why: "at noise 1.5 the slowest of ten digits converges in under 10 iterations: measured " +
      "9.2 ± 0.6 over 3 quick seeds, 9.0 ± 0.3 over 5 full seeds",
  },
  {
    metric: "drawMaxIterationsHigh",
    min: 25,
    max: 45,
    reportKey: "highNoiseIterations",
    why: "at noise 8 the slowest of ten digits needs about 35 iterations: measured 41 ± 4 over " +
      "3 quick seeds, 37 ± 3 over 5 full seeds",
  },
];

const quick: ScaleSetup<HopfieldDigitsConfig> = {
  config: {
    noiseLevels: [0.5, 1.5, 3, 5, 8], // the report's 1.5, 5, 8 plus two below
    draws: 2, // noisy draws of the ten digits per level and seed
    tableNoise: 5, // report: the table at noise 5
    tolerance: 1e-6, // max |Δa| under which the state has stopped changing
    maxIterations: 90, // report: "up to 90 iterations"
    mode: "sync", // course default
    rule: "lmp", // course default: MATLAB newhop
  },
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands,
};

const full: ScaleSetup<HopfieldDigitsConfig> = {
  ...quick,
  config: { ...quick.config, noiseLevels: [0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10], draws: 10 },
  seeds: [0, 1, 2, 3, 4],
};

/**
 * The first training image of each class, binarised as the course does.
 *
 * @returns Ten patterns `[784]` of ±1, digit 0 first.
 */
async function digitPatterns(): Promise<number[][]> {
  const { images, labels } = await loadMnist("train");
  return Array.from({ length: MNIST_CLASSES }, (_, digit) => {
    const index = labels.indexOf(digit);
    const image = images.subarray(index * MNIST_PIXELS, (index + 1) * MNIST_PIXELS);
    let [lo, hi] = [255, 0];
    for (const x of image) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
    return Array.from(image, (x) => Math.sign(2 * (x - lo) / (hi - lo) - 1));
  });
}

// The 784×784 design takes seconds (an eigendecomposition); it is the same for every seed.
const designs = new Map<string, Promise<HopfieldNet>>();

function digitNet(rule: string): Promise<HopfieldNet> {
  let net = designs.get(rule);
  if (!net) {
    net = digitPatterns().then((p) => designHopfield(p, { rule: rule as "lmp" | "hebbian" }));
    designs.set(rule, net);
  }
  return net;
}

/** 2.1.3-hopfield-digits: recall degrades with noise, wrong digits at high noise, slower convergence. */
export const hopfieldDigitsClaim = defineClaim<HopfieldDigitsConfig>({
  id: "2.1.3-hopfield-digits",
  section: "2.1.3",
  statement: "Digit attractors (784 neurons): recall degrades with noise, wrong digits are " +
    "recalled at high noise, and convergence takes more iterations as noise grows",
  report: {
    table: "noise 5: 2 → 1, 3 → 8, the other eight recalled",
    recall: "degrades with noise",
    iterations: "grow with noise",
    lowNoiseIterations: `< ${REPORT_LOW_ITERATIONS} at noise ${REPORT_LOW_NOISE}`,
    highNoiseIterations: `about ${REPORT_HIGH_ITERATIONS} at noise ${REPORT_HIGH_NOISE}`,
  },
  scales: { quick, full },
  async run(config, { seed }) {
    const net = await digitNet(config.rule);
    const patterns = net.patterns;
    const random = seededRandom(seed);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const options = {
      mode: config.mode as "sync" | "async",
      tolerance: config.tolerance,
      maxIterations: config.maxIterations,
      random,
    };
    const reachedDigit = (state: Float64Array) =>
      patterns.findIndex((p) =>
        p.every((v, i) => Math.sign(state[i]) === v && Math.abs(state[i]) > 0.99)
      );

    let unconverged = 0;
    const recall: number[] = [];
    const wrong: number[] = [];
    const iterations: number[] = [];
    const drawMax = new Map<number, number[]>();
    const curves: Record<string, number[]> = {};
    const table: Array<Record<string, number | string>> = [];
    const confusion = new Map<string, number>();
    for (const level of config.noiseLevels) {
      let [right, other, total, iterationSum] = [0, 0, 0, 0];
      for (let draw = 0; draw < config.draws; draw++) {
        let slowest = 0;
        for (let digit = 0; digit < patterns.length; digit++) {
          const noisy = patterns[digit].map((v) => Math.max(-1, Math.min(1, v + level * gauss())));
          const run = runHopfield(net, noisy, options);
          const reached = reachedDigit(run.state);
          right += Number(reached === digit);
          other += Number(reached >= 0 && reached !== digit);
          total++;
          iterationSum += run.iterations;
          unconverged += Number(!run.converged);
          slowest = Math.max(slowest, run.iterations);
          if (draw === 0 && (level === REPORT_LOW_NOISE || level === REPORT_HIGH_NOISE)) {
            curves[`energy noise ${level} digit ${digit}`] = run.energy;
          }
          if (level === config.tableNoise) {
            const key = `${digit}→${reached < 0 ? "spurious" : reached}`;
            confusion.set(key, (confusion.get(key) ?? 0) + 1);
            if (draw === 0) {
              table.push({
                digit,
                reached: reached < 0 ? "spurious" : reached,
                iterations: run.iterations,
              });
            }
          }
        }
        drawMax.set(level, [...(drawMax.get(level) ?? []), slowest]);
      }
      recall.push(right / total);
      wrong.push(other / total);
      iterations.push(iterationSum / total);
    }
    const levels = config.noiseLevels;
    const last = levels.length - 1;
    const high = levels.map((l, i) => [l, i] as const).filter(([l]) => l >= 5).map(([, i]) => i);
    const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const perLevel = Object.fromEntries(levels.flatMap((l, i) => [
      [`recall@${l}`, recall[i]],
      [`wrongDigit@${l}`, wrong[i]],
      [`iterations@${l}`, iterations[i]],
    ]));
    return {
      metrics: {
        recallLowest: recall[0],
        recallHighest: recall[last],
        recallDrop: recall[0] - recall[last],
        wrongDigitHigh: high.length ? meanOf(high.map((i) => wrong[i])) : Number.NaN,
        iterationsRise: iterations[last] - iterations[0],
        drawMaxIterationsLow: meanOf(drawMax.get(REPORT_LOW_NOISE) ?? [Number.NaN]),
        drawMaxIterationsHigh: meanOf(drawMax.get(REPORT_HIGH_NOISE) ?? [Number.NaN]),
        unconverged,
        reportConfusionsSeen: Number((confusion.get("2→1") ?? 0) > 0) +
          Number((confusion.get("3→8") ?? 0) > 0),
        ...perLevel,
      },
      curves: { ...curves, noiseLevels: levels, recall, wrongDigit: wrong, iterations },
      tables: {
        digitsReached: table,
        confusion: [...confusion].sort().map(([pair, count]) => ({ pair, count })),
      },
    };
  },
});
