/**
 * The twins of the Santa Fe claims (2.2.1 MLP grid, 2.2.2 LSTM grid, 2.2.3 LSTM vs MLP), all
 * run by `santafe_torch.py` with the suite's reading of the course setup (`last-fold`): one
 * invocation per grid row with every seed, its lines turned into the metrics `runGrid` and the
 * 2.2.3 claim name (`mse <row>`, `valMse <row>`, `meanPredictorMse`; `mlpMse`, `lstmMse`).
 *
 * @module
 */
import type { SantaFeGridConfig } from "../lib/claims/ex2/_santafe_grid.ts";
import type { LstmBeatsMlpConfig } from "../lib/claims/ex2/lstm_beats_mlp.ts";
import { rowName, type SantaFeRow, type SantaFeTraining } from "../lib/claims/ex2/mod.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { linesOf, type Twin, TwinError, type TwinLine } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const SANTAFE_TWIN_SCRIPT = "crosscheck/santafe_torch.py";

/**
 * The script's arguments for one row over the seeds.
 *
 * @param kind `mlp` or `lstm`.
 * @param row The row.
 * @param training Epochs, batch size, learning rate, test steps.
 * @param seeds The seeds.
 * @returns The arguments after the interpreter.
 * @example
 * ```ts
 * santaFeArgs("lstm", { lag: 2, hidden: 20, valSize: 100, folds: 4 }, training, [0, 1]);
 * ```
 */
export function santaFeArgs(
  kind: "mlp" | "lstm",
  row: SantaFeRow,
  training: SantaFeTraining,
  seeds: number[],
): string[] {
  return [
    SANTAFE_TWIN_SCRIPT,
    "--kind",
    kind,
    "--lag",
    String(row.lag),
    "--hidden",
    String(row.hidden),
    "--val-size",
    String(row.valSize),
    "--folds",
    String(row.folds),
    "--epochs",
    String(training.epochs),
    "--lr",
    String(training.learningRate),
    "--batch-size",
    String(training.batchSize),
    "--test-steps",
    String(training.testSteps),
    "--seeds",
    seeds.join(","),
    "--readings",
    "last-fold",
  ];
}

function gridRows(config: SantaFeGridConfig, subset?: string[]): SantaFeRow[] {
  if (!subset) return config.rows;
  const names = config.rows.map(rowName);
  const unknown = subset.find((name) => !names.includes(name));
  if (unknown !== undefined) {
    throw new TwinError(`Unknown row ${unknown}: the grid's rows are ${names.join(", ")}`);
  }
  return config.rows.filter((row) => subset.includes(rowName(row)));
}

function lastFold(kind: string, row: string) {
  return (l: TwinLine) => l.kind === kind && l.row === row && l.reading === "last-fold";
}

function gridTwin(claim: string, kind: "mlp" | "lstm"): Twin {
  return {
    claim,
    subsetHelp: "grid rows, e.g. lag2-h20-v100-f4,lag50-h100-v50-f5",
    invocations(config, seeds, subset) {
      const grid = config as SantaFeGridConfig;
      return gridRows(grid, subset).map((row) => santaFeArgs(kind, row, grid, seeds));
    },
    restrict(config, subset) {
      const grid = config as SantaFeGridConfig;
      if (!subset) return { config, subset: null };
      const rows = gridRows(grid, subset);
      return { config: { ...grid, rows }, subset: { rows: rows.map(rowName) } };
    },
    seedRuns(lines, config, seeds): SeedRun[] {
      const grid = config as SantaFeGridConfig;
      return seeds.map((seed) => {
        const metrics: Record<string, number> = {};
        for (const row of grid.rows) {
          const name = rowName(row);
          const [line] = linesOf(lines, seed, `${kind} row ${name}`, lastFold(kind, name));
          metrics[`mse ${name}`] = line.testMse as number;
          metrics[`valMse ${name}`] = line.valMse as number;
          metrics.meanPredictorMse = line.meanPredictorMse as number;
        }
        return { metrics };
      });
    },
  };
}

/** 2.2.1's twin: the MLP grid. */
export const mlpSantaFeTwin: Twin = gridTwin("2.2.1-mlp-santafe", "mlp");

/** 2.2.2's twin: the LSTM grid. */
export const lstmSantaFeTwin: Twin = gridTwin("2.2.2-lstm-santafe", "lstm");

/** 2.2.3's twin: both best rows. */
export const lstmBeatsMlpTwin: Twin = {
  claim: "2.2.3-lstm-beats-mlp",
  invocations(config, seeds) {
    const c = config as LstmBeatsMlpConfig;
    return [
      santaFeArgs("mlp", c.mlpRow, c.mlp, seeds),
      santaFeArgs("lstm", c.lstmRow, c.lstm, seeds),
    ];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, config, seeds): SeedRun[] {
    const c = config as LstmBeatsMlpConfig;
    const mlp = rowName(c.mlpRow);
    const lstm = rowName(c.lstmRow);
    return seeds.map((seed) => ({
      metrics: {
        mlpMse: linesOf(lines, seed, `mlp row ${mlp}`, lastFold("mlp", mlp))[0].testMse as number,
        lstmMse: linesOf(lines, seed, `lstm row ${lstm}`, lastFold("lstm", lstm))[0]
          .testMse as number,
      },
    }));
  },
};
