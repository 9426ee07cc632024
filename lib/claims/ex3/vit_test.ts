import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import type { KeptRow } from "../../outcomes/mod.ts";
import { runClaim } from "../run_claim.ts";
import { vitClaim } from "./vit.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test(
  "3.3.1-vit: a seed cut inside a configuration's training resumes at its next epoch, same metrics",
  options,
  async () => {
    await initBackend("wasm");
    const overrides = {
      models: ["smaller", "baseline"],
      trainCount: 256,
      testCount: 64,
      epochs: 3,
    };
    const run = { scale: "quick" as const, seeds: [0], overrides };
    const uncut = await runClaim(vitClaim, { ...run, onRowDone: () => {} });
    const kept = new Map<string, KeptRow>();
    await assert.rejects(
      runClaim(vitClaim, {
        ...run,
        onRowDone: (_seed, key, row) => {
          kept.set(key, structuredClone(row)); // as the checkpoint file gives it back
          const epochs = (row.value as { epochs?: number } | null)?.epochs;
          if (key === "vit baseline epochs" && epochs === 2) throw new Error("Cut after epoch 2");
        },
      }),
      { message: "Cut after epoch 2" },
    );
    // The finished configuration is a row; its epochs' state was dropped once the row was kept.
    assert.deepEqual([...kept.keys()], [
      "vit smaller epochs",
      "vit smaller",
      "vit baseline epochs",
    ]);
    assert.equal(kept.get("vit smaller epochs")!.value, null);
    const trained: string[] = [];
    const resumed = await runClaim(vitClaim, {
      ...run,
      keptRows: new Map([[0, kept]]),
      onRowDone: () => {},
      onEpoch: (log) => trained.push(`${log.label} ${log.epoch}`),
    });
    assert.deepEqual(trained, ["vit baseline 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.tensorsLeaked, 0);
  },
);
