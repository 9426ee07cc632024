import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import type { KeptRow } from "../../outcomes/mod.ts";
import { runClaim } from "../run_claim.ts";
import { dbmClaim } from "./dbm.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

// A few seconds' DBM: the claim's own code, small sizes.
const overrides = {
  trainImages: 200,
  epochs: 1,
  dbmHidden1: 16,
  dbmHidden2: 12,
  pretrainEpochs: 1,
  jointEpochs: 3,
  jointBatchSize: 50,
  meanFieldSteps: 3,
  chains: 20,
  longSteps: 500,
};

Deno.test(
  "4.1-dbm: a seed cut in joint training resumes from its saved epoch to the uncut metrics",
  options,
  async () => {
    await initBackend("wasm");
    const outDir = await Deno.makeTempDir(); // the sample grids, away from results/
    const run = { scale: "quick" as const, seeds: [0], overrides, fresh: true, outDir };
    const uncut = await runClaim(dbmClaim, { ...run, onRowDone: () => {} });
    const kept = new Map<string, KeptRow>();
    await assert.rejects(
      runClaim(dbmClaim, {
        ...run,
        onRowDone: (_seed, key, row) => {
          // A JSON-like round trip, as the checkpoint file gives it back.
          kept.set(key, structuredClone(row));
          if ((row.value as { epoch?: number }).epoch === 2) throw new Error("Cut after epoch 2");
        },
      }),
      { message: "Cut after epoch 2" },
    );
    assert.deepEqual([...kept.keys()], ["rbm", "dbm-pretrain-1", "dbm-pretrain-2", "dbm-joint"]);
    const trained: string[] = [];
    const resumed = await runClaim(dbmClaim, {
      ...run,
      keptRows: new Map([[0, kept]]),
      onRowDone: () => {},
      onEpoch: (log) => trained.push(`${log.label} ${log.epoch}`),
    });
    assert.deepEqual(trained, ["dbm-joint 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.equal(resumed.tensorsLeaked, 0);
    await Deno.remove(outDir, { recursive: true });
  },
);
