/**
 * The TF.js side of the Santa Fe investigation: one grid row under the readings of the course
 * setup (see `SANTAFE_READINGS`), printed as one JSON line per seed and reading in the format of
 * `santafe_torch.py`, so that both frameworks' figures read alike.
 *
 * ```sh
 * deno run -A crosscheck/santafe_readings.ts --kind lstm --lag 50 --hidden 100 --val-size 50 \
 *   --folds 5 [--epochs 150] [--lr 0.001] [--batch-size 32] [--seeds 0,1] \
 *   [--readings last-fold,retrain-all] [--patience 10] [--backend wasm] [--skip-folds]
 * ```
 *
 * A seed here is the claim's seed: `last-fold` with the full config's epochs and learning rate
 * gives the numbers of the 2.2.2 full record for the same seed and backend.
 *
 * @module
 */
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { type BackendChoice, initBackend } from "../lib/backend/mod.ts";
import { loadSantaFe } from "../lib/data/mod.ts";
import {
  rowName,
  SANTAFE_READINGS,
  type SantaFeReading,
  santaFeRow,
} from "../lib/claims/ex2/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    kind: { type: "string" },
    lag: { type: "string" },
    hidden: { type: "string" },
    "val-size": { type: "string" },
    folds: { type: "string" },
    epochs: { type: "string", default: "150" },
    lr: { type: "string", default: "0.001" },
    "batch-size": { type: "string", default: "32" },
    seeds: { type: "string", default: "0" },
    readings: { type: "string", default: "last-fold" },
    patience: { type: "string", default: "10" },
    "test-steps": { type: "string", default: "100" },
    backend: { type: "string", default: "wasm" },
    "skip-folds": { type: "boolean", default: false },
  },
});

function int(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer: got ${values[name]}`);
    Deno.exit(2);
  }
  return value;
}

const kind = values.kind;
if (kind !== "lstm" && kind !== "mlp") {
  console.error(`--kind must be lstm or mlp: got ${kind}`);
  Deno.exit(2);
}
const readings = (values.readings ?? "").split(",") as SantaFeReading[];
const unknown = readings.find((r) => !SANTAFE_READINGS.includes(r));
if (unknown !== undefined) {
  console.error(`Unknown reading ${unknown}: expected one of ${SANTAFE_READINGS.join(", ")}`);
  Deno.exit(2);
}
const row = {
  lag: int("lag"),
  hidden: int("hidden"),
  valSize: int("val-size"),
  folds: int("folds"),
};
const backend = await initBackend(values.backend as BackendChoice);
const { train, test } = await loadSantaFe();
const trainMean = train.reduce((a, b) => a + b, 0) / train.length;
const testSteps = int("test-steps");
const meanPredictorMse = Array.from(test.subarray(0, testSteps))
  .reduce((a, b) => a + (b - trainMean) ** 2, 0) / testSteps;
for (const seed of (values.seeds ?? "0").split(",").map(Number)) {
  for (const reading of readings) {
    const result = await santaFeRow(kind, row, {
      epochs: int("epochs"),
      batchSize: int("batch-size"),
      learningRate: Number(values.lr),
      testSteps,
      reading,
      patience: int("patience"),
      skipFolds: values["skip-folds"],
    }, { seed, scale: "full", backend, fresh: true });
    console.log(JSON.stringify({
      framework: "tfjs",
      version: tf.version.tfjs,
      kind,
      reading,
      row: rowName(row),
      seed,
      testMse: result.testMse,
      valMse: result.foldValMse.length
        ? result.foldValMse.reduce((a, b) => a + b, 0) / result.foldValMse.length
        : null,
      foldValMse: result.foldValMse,
      meanPredictorMse,
      prediction: result.prediction,
      seconds: Number(result.seconds.toFixed(3)),
    }));
  }
}
