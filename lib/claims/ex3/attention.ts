/**
 * 3.3 — scaled dot-product attention against an independent float64 hand computation.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { seededRandom } from "../../backend/mod.ts";
import { scaledDotProductAttention } from "../../models/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";

/** Config of the exact check; B and N are the report's. */
export interface AttentionConfig {
  /** Batch size B (report: 32). */
  batch: number;
  /** Sequence length N (report: 20). */
  tokens: number;
  /** Query/key width dk. */
  dk: number;
  /** Value width dv. */
  dv: number;
}

const exact: ScaleSetup<AttentionConfig> = {
  config: { batch: 32, tokens: 20, dk: 16, dv: 24 },
  seeds: [0, 1, 2],
  expect: "reproduced",
  bands: [
    {
      metric: "shapeMismatches",
      min: 0,
      max: 0,
      reportKey: "shapes",
      why: "A is B×N×N and Y is B×N×dv",
    },
    {
      metric: "rowSumMaxError",
      min: 0,
      max: 1e-5,
      reportKey: "rowSums",
      why: "float32 rounding of a softmax row",
    },
    { metric: "weightsMaxError", min: 0, max: 1e-5, why: "A against the float64 computation" },
    {
      metric: "outputMaxError",
      min: 0,
      max: 1e-4,
      why: "Y against the float64 computation, |V| ≤ 3",
    },
  ],
};

/** 3.3-attention: softmax(QKᵀ/√dk) has unit row sums and Y = AV has shape B×N×dv. */
export const attentionClaim = defineClaim<AttentionConfig>({
  id: "3.3-attention",
  section: "3.3",
  statement: "Scaled dot-product attention: A = softmax(QKᵀ/√dk) rows sum to 1, Y = AV ∈ B×N×dv",
  report: { shapes: "Q,K ∈ B×N×dk, V ∈ B×N×dv, Y ∈ B×N×dv", rowSums: 1, B: 32, N: 20 },
  scales: { quick: exact, full: exact },
  async run({ batch, tokens, dk, dv }, { seed }) {
    const next = seededRandom(seed);
    const draw = (size: number) => Float64Array.from({ length: size }, () => 6 * next() - 3);
    const q = draw(batch * tokens * dk);
    const k = draw(batch * tokens * dk);
    const v = draw(batch * tokens * dv);

    const [qt, kt, vt] = [
      tf.tensor3d(Float32Array.from(q), [batch, tokens, dk]),
      tf.tensor3d(Float32Array.from(k), [batch, tokens, dk]),
      tf.tensor3d(Float32Array.from(v), [batch, tokens, dv]),
    ];
    const { output, weights } = scaledDotProductAttention(qt, kt, vt);
    const shapeMismatches = Number(output.shape.join() !== [batch, tokens, dv].join()) +
      Number(weights.shape.join() !== [batch, tokens, tokens].join());
    const [y, a] = [await output.data(), await weights.data()];
    tf.dispose([qt, kt, vt, output, weights]);

    const hand = attentionByHand(q, k, v, { batch, tokens, dk, dv });
    let rowSumMaxError = 0;
    for (let row = 0; row < batch * tokens; row++) {
      let sum = 0;
      for (let j = 0; j < tokens; j++) sum += a[row * tokens + j];
      rowSumMaxError = Math.max(rowSumMaxError, Math.abs(sum - 1));
    }
    return {
      metrics: {
        shapeMismatches,
        rowSumMaxError,
        weightsMaxError: maxAbsDiff(a, hand.weights),
        outputMaxError: maxAbsDiff(y, hand.output),
      },
    };
  },
});

/** The same attention in plain float64 loops: an oracle independent of TF.js. */
function attentionByHand(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  { batch, tokens, dk, dv }: AttentionConfig,
): { weights: Float64Array; output: Float64Array } {
  const weights = new Float64Array(batch * tokens * tokens);
  const output = new Float64Array(batch * tokens * dv);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < tokens; i++) {
      const scores = new Float64Array(tokens);
      for (let j = 0; j < tokens; j++) {
        let dot = 0;
        for (let d = 0; d < dk; d++) {
          dot += q[(b * tokens + i) * dk + d] * k[(b * tokens + j) * dk + d];
        }
        scores[j] = dot / Math.sqrt(dk);
      }
      const top = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - top));
      const total = exps.reduce((x, y) => x + y, 0);
      for (let j = 0; j < tokens; j++) {
        const w = exps[j] / total;
        weights[(b * tokens + i) * tokens + j] = w;
        for (let d = 0; d < dv; d++) {
          output[(b * tokens + i) * dv + d] += w * v[(b * tokens + j) * dv + d];
        }
      }
    }
  }
  return { weights, output };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return a.length === b.length ? max : Infinity;
}
