import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import type { KeptRow } from "../../outcomes/mod.ts";
import { runClaim } from "../run_claim.ts";
import { ganLossesClaim } from "./gan_losses.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "trainedGan(): a seed cut after a GAN epoch resumes at the next, same losses and samples",
  options,
  async () => {
    await initBackend("wasm");
    const overrides = {
      trainImages: 256,
      batchSize: 64,
      epochs: 3,
      generatorWidths: [16, 32],
      discriminatorWidths: [32, 16],
    };
    const outDir = await Deno.makeTempDir(); // sample grids, away from results/
    const run = { scale: "quick" as const, seeds: [0], overrides, fresh: true, outDir };
    const uncut = await runClaim(ganLossesClaim, { ...run, onRowDone: () => {} });
    const kept = new Map<string, KeptRow>();
    await assert.rejects(
      runClaim(ganLossesClaim, {
        ...run,
        onRowDone: (_seed, key, row) => {
          kept.set(key, structuredClone(row)); // as the checkpoint file gives it back
          if ((row.value as { dLoss: number[] }).dLoss.length === 2) throw new Error("Cut");
        },
      }),
      { message: "Cut" },
    );
    assert.deepEqual([...kept.keys()], ["gan-fc"]);
    const trained: string[] = [];
    const resumed = await runClaim(ganLossesClaim, {
      ...run,
      keptRows: new Map([[0, kept]]),
      onRowDone: () => {},
      onEpoch: (log) => trained.push(`${log.label} ${log.epoch}`),
    });
    assert.deepEqual(trained, ["gan-fc 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.tensorsLeaked, 0);
    await Deno.remove(outDir, { recursive: true });
  },
);
