import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { DivergedError, fit } from "../training/mod.ts";
import { type Claim, defineClaim, type RunContext, type ScaleSetup } from "./claim.ts";
import type { KeptRow } from "../outcomes/mod.ts";
import { applyOverrides, type FinishedSeed, runClaim, summarizeValues } from "./run_claim.ts";
import { keptSpent, seedRow } from "./seed_rows.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

interface TinyConfig {
  learningRate: number;
  epochs: number;
}

/** A dense net fitted to noise: cheap, random in init, dropout and shuffling. */
function tinyClaim(setup: Partial<ScaleSetup<TinyConfig>> = {}): Claim<TinyConfig> {
  const scale: ScaleSetup<TinyConfig> = {
    config: { learningRate: 0.01, epochs: 3 },
    seeds: [0, 1],
    bands: [{ metric: "finalLoss", max: 10, why: "a fit of noise stays bounded" }],
    expect: "reproduced",
    ...setup,
  };
  return defineClaim<TinyConfig>({
    id: "0.0-tiny",
    section: "0.0",
    statement: "A tiny net fits noise",
    report: {},
    scales: { quick: scale, full: scale },
    async run({ learningRate, epochs }, ctx) {
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [4], units: 16, activation: "relu" }),
          tf.layers.dropout({ rate: 0.3 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
      model.compile({ optimizer: tf.train.sgd(learningRate), loss: "meanSquaredError" });
      const x = tf.randomNormal([64, 4]);
      const y = tf.randomNormal([64, 1]);
      try {
        const result = await fit(model, x, y, {
          epochs,
          batchSize: 8,
          label: "tiny",
          signal: ctx.signal,
        });
        return { metrics: { finalLoss: result.curves.loss.at(-1)! }, curves: result.curves };
      } finally {
        tf.dispose([x, y]);
        model.optimizer.dispose(); // an optimizer passed in is not disposed with the model
        model.dispose();
      }
    },
  });
}

Deno.test(
  "runClaim() checks bands on the seed mean and keeps per-seed values",
  options,
  async () => {
    await initBackend("wasm");
    const outcome = await runClaim(tinyClaim());
    assert.equal(outcome.verdict, "reproduced");
    assert.equal(outcome.metrics.finalLoss.values.length, 2);
    assert.equal(outcome.curves.loss.length, 2);
    assert.equal(outcome.tensorsLeaked, 0);
  },
);

Deno.test("runClaim() gives identical metrics for the same seed on wasm", options, async () => {
  await initBackend("wasm");
  const first = await runClaim(tinyClaim(), { seeds: [7] });
  const second = await runClaim(tinyClaim(), { seeds: [7] });
  const other = await runClaim(tinyClaim(), { seeds: [8] });
  assert.deepEqual(first.curves.loss, second.curves.loss);
  assert.notDeepEqual(first.curves.loss, other.curves.loss);
  // The training thread's CPU time: measured, and no more than the wall time plus clock slack.
  assert.ok(first.cpuSeconds! > 0, `cpuSeconds ${first.cpuSeconds}`);
  assert.ok(first.cpuSeconds! <= first.wallSeconds + 0.05, `${first.cpuSeconds} > wall`);
});

Deno.test(
  "runClaim() judges a run whose every seed diverges not reproduced, naming the epoch",
  options,
  async () => {
    await initBackend("wasm");
    const outcome = await runClaim(tinyClaim(), { overrides: { learningRate: 1e12, epochs: 20 } });
    assert.equal(outcome.verdict, "not-reproduced");
    assert.match(outcome.reason ?? "", /^Seeds? 0(, 1)?: tiny diverged at epoch \d+/);
    assert.deepEqual(outcome.diverged?.map((d) => d.seed), [0, 1]);
    assert.deepEqual(outcome.metrics, {});
    assert.equal(outcome.tensorsLeaked, 0);
  },
);

/** A claim whose odd seeds diverge at epoch 3; an even seed measures its own number. */
function oddSeedsDiverge(runs: number[]): Claim<Record<string, never>> {
  const scale: ScaleSetup<Record<string, never>> = {
    config: {},
    seeds: [0, 1, 2, 3],
    bands: [{ metric: "seedValue", max: 10, why: "any seed number below 10" }],
    expect: "reproduced",
  };
  return defineClaim<Record<string, never>>({
    id: "0.0-odd",
    section: "0.0",
    statement: "Even seeds train",
    report: {},
    scales: { quick: scale, full: scale },
    run(_config, ctx) {
      runs.push(ctx.seed);
      if (ctx.seed % 2 === 1) return Promise.reject(new DivergedError("odd", 3));
      return Promise.resolve({ metrics: { seedValue: ctx.seed } });
    },
    summarize: (seedRuns) => ({ seedsSummarized: seedRuns.length }),
  });
}

Deno.test(
  "runClaim() goes on past a diverged seed: the others are measured, the divergences listed",
  options,
  async () => {
    await initBackend("wasm");
    const runs: number[] = [];
    const done = new Map<number, FinishedSeed>();
    const outcome = await runClaim(oddSeedsDiverge(runs), {
      onSeedDone: (seed, finished) => void done.set(seed, finished),
    });
    assert.deepEqual(runs, [0, 1, 2, 3]);
    assert.deepEqual(outcome.metrics.seedValue.values, [0, 2]);
    assert.deepEqual(outcome.metrics.seedsSummarized.values, [2]); // over the seeds that trained
    assert.deepEqual(outcome.diverged, [
      { seed: 1, message: "odd diverged at epoch 3" },
      { seed: 3, message: "odd diverged at epoch 3" },
    ]);
    assert.equal(outcome.verdict, "not-reproduced"); // the bands hold; the divergences do not
    assert.equal(outcome.reason, "Seeds 1, 3: odd diverged at epoch 3");
    assert.ok(outcome.bands.every((band) => band.pass));
    // A diverged seed is checkpointed like a finished one and not run again on resume.
    assert.equal(done.get(1)?.diverged, "odd diverged at epoch 3");
    assert.equal(done.get(1)?.run, undefined);
    const resumed: number[] = [];
    const again = await runClaim(oddSeedsDiverge(resumed), {
      keptSeeds: new Map([[0, done.get(0)!], [1, done.get(1)!]]),
    });
    assert.deepEqual(resumed, [2, 3]);
    assert.deepEqual(again.metrics, outcome.metrics);
    assert.deepEqual(again.diverged, outcome.diverged);
  },
);

Deno.test("runClaim() stops a run that exceeds its time budget", options, async () => {
  await initBackend("wasm");
  const outcome = await runClaim(tinyClaim(), {
    budgetSeconds: 0.05,
    overrides: { epochs: 100_000 },
  });
  assert.equal(outcome.verdict, "not-reproduced");
  assert.equal(outcome.reason, "Seed 0: exceeded the time budget of 0.05 s");
  assert.ok(outcome.wallSeconds < 10);
});

Deno.test("runClaim() does not run a skipped claim and keeps its reason", options, async () => {
  await initBackend("wasm");
  const claim = tinyClaim({ expect: "skipped", reason: "Needs a GPU" });
  const outcome = await runClaim(claim);
  assert.equal(outcome.verdict, "skipped");
  assert.equal(outcome.reason, "Needs a GPU");
  assert.deepEqual(outcome.metrics, {});
});

Deno.test("runClaim() reports failing bands by metric and value", options, async () => {
  await initBackend("wasm");
  const claim = tinyClaim({ bands: [{ metric: "finalLoss", max: -1, why: "impossible" }] });
  const outcome = await runClaim(claim, { seeds: [0] });
  assert.equal(outcome.verdict, "not-reproduced");
  assert.match(outcome.reason ?? "", /^finalLoss = [0-9.e-]+$/);
});

Deno.test("runClaim() names band metrics the config did not measure", options, async () => {
  await initBackend("wasm");
  const claim = tinyClaim({ bands: [{ metric: "ranking", min: 0, why: "needs every optimizer" }] });
  const outcome = await runClaim(claim, { seeds: [0] });
  assert.equal(outcome.verdict, "not-reproduced");
  assert.equal(outcome.reason, "not measured by this config: ranking");
});

Deno.test("applyOverrides() types values like the config and refuses unknown keys", () => {
  const config = { epochs: 15, name: "adam", full: false, widths: [10, 50] };
  assert.deepEqual(
    applyOverrides(config, { epochs: "3", name: "sgd", full: "true", widths: "[5]" }),
    { epochs: 3, name: "sgd", full: true, widths: [5] },
  );
  assert.throws(
    () => applyOverrides(config, { epoch: "3" }),
    { message: "Unknown config key epoch: valid keys are epochs, name, full, widths" },
  );
  assert.throws(
    () => applyOverrides(config, { epochs: "three" }),
    { message: 'Config key epochs takes a number: got "three"' },
  );
  assert.throws(
    () => applyOverrides(config, { widths: "5" }),
    { message: 'Config key widths takes JSON like [10,50]: got "5"' },
  );
});

Deno.test("summarizeValues() gives mean, sample std, min and max", () => {
  assert.deepEqual(summarizeValues([1, 3]), {
    mean: 2,
    std: Math.SQRT2,
    min: 1,
    max: 3,
    values: [1, 3],
  });
  assert.equal(summarizeValues([5]).std, 0);
});

Deno.test(
  "runClaim() resumed with the seeds a cut run kept equals an uncut run and skips them",
  options,
  async () => {
    await initBackend("wasm");
    const seeds = [0, 1, 2];
    const uncut = await runClaim(tinyClaim(), { seeds });
    // A run cut right after its second seed (an abort injected where a kill would land).
    const kept = new Map<number, FinishedSeed>();
    await assert.rejects(
      runClaim(tinyClaim(), {
        seeds,
        onSeedDone: (seed, finished) => {
          kept.set(seed, finished);
          if (kept.size === 2) throw new Error("Cut after seed 1");
        },
      }),
      { message: "Cut after seed 1" },
    );
    assert.deepEqual([...kept.keys()], [0, 1]);
    const ran: number[] = [];
    const claim = tinyClaim();
    const counting = {
      ...claim,
      run: (c: TinyConfig, ctx: RunContext) => (ran.push(ctx.seed), claim.run(c, ctx)),
    };
    const resumed = await runClaim(counting, { seeds, keptSeeds: kept });
    assert.deepEqual(ran, [2]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.verdict, uncut.verdict);
    assert.equal(resumed.tensorsLeaked, 0);
    const keptSeconds = kept.get(0)!.seconds + kept.get(1)!.seconds;
    assert.ok(resumed.wallSeconds >= keptSeconds, `${resumed.wallSeconds} < ${keptSeconds}`);
  },
);

/** Three independent rows per seed, each drawing from Math.random and from tf's random ops. */
function rowsClaim(computed: string[]): Claim<TinyConfig> {
  const claim = tinyClaim();
  return {
    ...claim,
    async run(_config, ctx) {
      const metrics: Record<string, number> = {};
      for (const key of ["a", "b", "c"]) {
        metrics[key] = await seedRow(ctx, key, async () => {
          computed.push(`${ctx.seed}${key}`);
          const draw = tf.tidy(() => tf.randomNormal([4]).sum());
          const value = (await draw.data())[0] + Math.random();
          draw.dispose();
          return value;
        });
      }
      return { metrics: { ...metrics, finalLoss: 1 } };
    },
  };
}

Deno.test(
  "runClaim() resumed mid-seed from kept rows equals an uncut run and computes only the rest",
  options,
  async () => {
    await initBackend("wasm");
    const seeds = [0, 1, 2];
    const uncut = await runClaim(rowsClaim([]), { seeds });
    const keptSeeds = new Map<number, FinishedSeed>();
    const keptRows = new Map<number, Map<string, KeptRow>>();
    await assert.rejects(
      runClaim(rowsClaim([]), {
        seeds,
        onSeedDone: (seed, finished) => void keptSeeds.set(seed, finished),
        onRowDone: (seed, key, row) => {
          // A JSON round trip, as the checkpoint file gives it back.
          keptRows.set(seed, (keptRows.get(seed) ?? new Map()).set(key, structuredClone(row)));
          if (seed === 1 && key === "b") throw new Error("Cut in seed 1 after row b");
        },
      }),
      { message: "Cut in seed 1 after row b" },
    );
    assert.deepEqual([...keptSeeds.keys()], [0]);
    const computed: string[] = [];
    const resumed = await runClaim(rowsClaim(computed), {
      seeds,
      keptSeeds,
      keptRows: new Map([[1, keptRows.get(1)!]]),
      onRowDone: () => {},
    });
    assert.deepEqual(computed, ["1c", "2a", "2b", "2c"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.equal(resumed.tensorsLeaked, 0);
  },
);

Deno.test(
  "runClaim() resumed mid-seed counts the CPU and wall seconds the cut run's rows had spent",
  options,
  async () => {
    await initBackend("wasm");
    const keptRows = new Map<string, KeptRow>();
    await assert.rejects(
      runClaim(rowsClaim([]), {
        seeds: [0],
        onRowDone: (_seed, key, row) => {
          keptRows.set(key, structuredClone(row));
          if (key === "b") throw new Error("Cut after row b");
        },
      }),
      { message: "Cut after row b" },
    );
    const [a, b] = [keptRows.get("a")!, keptRows.get("b")!];
    // Each row carries the seed's time so far (schedstat may not have ticked over tiny rows).
    assert.ok(
      a.cpuSeconds! >= 0 && b.cpuSeconds! >= a.cpuSeconds!,
      `${a.cpuSeconds} ${b.cpuSeconds}`,
    );
    assert.ok(b.seconds! >= a.seconds!, `${a.seconds}, ${b.seconds}`);
    // As if the cut run had trained for minutes before its cut.
    const spent = new Map<string, KeptRow>(
      [...keptRows].map(([k, row]) => [k, { ...row, cpuSeconds: 300, seconds: 400 }]),
    );
    const resume = (rows: Map<string, KeptRow>) =>
      runClaim(rowsClaim([]), { seeds: [0], keptRows: new Map([[0, rows]]), onRowDone: () => {} });
    const resumed = await resume(spent);
    assert.ok(resumed.cpuSeconds! >= 300 && resumed.cpuSeconds! < 330, `${resumed.cpuSeconds}`);
    assert.ok(resumed.wallSeconds > 400 && resumed.wallSeconds < 430, `${resumed.wallSeconds}`);
    // A row kept without its CPU time (older checkpoints): the seed's CPU time is unknown.
    const unknown = new Map(spent).set("a", { ...spent.get("a")!, cpuSeconds: undefined });
    assert.equal(keptSpent(unknown).cpuSeconds, undefined);
    assert.equal((await resume(unknown)).cpuSeconds, undefined);
  },
);
