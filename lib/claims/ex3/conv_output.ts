/**
 * 3.2.1 — a strided convolution by hand: the report's 4×4 input and 2×2 kernel with stride 2 and
 * no padding give [[3,4],[6,11]], and the output size follows ⌊(n + 2p − k)/s⌋ + 1.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { convOutputSize } from "../../models/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";

/** Config of the exact check. */
export interface ConvOutputConfig {
  /** Largest input size of the formula sweep. */
  maxInput: number;
}

// Report section 3.2.1.
const INPUT = [[2, 5, 4, 1], [3, 1, 2, 0], [4, 5, 7, 1], [1, 2, 3, 4]];
const KERNEL = [[1, 0], [0, 1]];
const REPORT_OUTPUT = [[3, 4], [6, 11]];

const exact: ScaleSetup<ConvOutputConfig> = {
  config: { maxInput: 9 },
  seeds: [0],
  expect: "reproduced",
  bands: [
    {
      metric: "outputMaxAbsError",
      min: 0,
      max: 0,
      reportKey: "output",
      why: "integer arithmetic is exact in float32",
    },
    {
      metric: "formulaMismatches",
      min: 0,
      max: 0,
      reportKey: "formula",
      why: "tf.conv2d shapes equal the formula for every case",
    },
    {
      metric: "formulaCases",
      min: 100,
      why: "the sweep covers paddings 0–2, strides 1–3 and kernels 1–4",
    },
  ],
};

/** 3.2.1-conv-output: the report's strided convolution and the output-size formula. */
export const convOutputClaim = defineClaim<ConvOutputConfig>({
  id: "3.2.1-conv-output",
  section: "3.2.1",
  statement:
    "A 4×4 input with a 2×2 kernel, stride 2, no padding gives [[3,4],[6,11]]; output size (n+2p−k)/s+1",
  report: { output: JSON.stringify(REPORT_OUTPUT), formula: "(n+2p−k)/s+1" },
  scales: { quick: exact, full: exact },
  async run(config) {
    const output = tf.tidy(() =>
      tf.conv2d(
        tf.tensor4d(INPUT.flat(), [1, 4, 4, 1]),
        tf.tensor4d(KERNEL.flat(), [2, 2, 1, 1]),
        2,
        "valid",
      )
    );
    const values = Array.from(await output.data());
    output.dispose();
    const outputMaxAbsError = Math.max(
      ...REPORT_OUTPUT.flat().map((expected, i) => Math.abs((values[i] ?? Infinity) - expected)),
    );

    const cases: Array<Record<string, number>> = [];
    for (let n = 1; n <= config.maxInput; n++) {
      for (let k = 1; k <= Math.min(4, n); k++) {
        for (let p = 0; p <= 2; p++) {
          for (let s = 1; s <= 3; s++) {
            const shape = tf.tidy(() =>
              tf.conv2d(
                tf.zeros([1, n, n, 1]) as tf.Tensor4D,
                tf.zeros([k, k, 1, 1]) as tf.Tensor4D,
                s,
                [[0, 0], [p, p], [p, p], [0, 0]],
              ).shape
            );
            cases.push({ n, k, p, s, tfjs: shape[1], formula: convOutputSize(n, k, p, s) });
          }
        }
      }
    }
    return {
      metrics: {
        outputMaxAbsError,
        formulaMismatches: cases.filter((c) => c.tfjs !== c.formula).length,
        formulaCases: cases.length,
      },
      tables: {
        output: [{ row: 0, c0: values[0], c1: values[1] }, {
          row: 1,
          c0: values[2],
          c1: values[3],
        }],
      },
    };
  },
});
