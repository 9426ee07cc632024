import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { cutAndResume } from "../_cut_and_resume.ts";
import { ganLossesClaim } from "./gan_losses.ts";

Deno.test({
  name: "trainedGan(): a seed cut after a GAN epoch resumes at the next, same losses and samples",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("wasm");
    const small = {
      trainImages: 256,
      batchSize: 64,
      epochs: 3,
      generatorWidths: [16, 32],
      discriminatorWidths: [32, 16],
    };
    const { uncut, resumed, kept, trained } = await cutAndResume(
      ganLossesClaim,
      small,
      (_key, value) => (value as { dLoss: number[] }).dLoss.length === 2,
    );
    assert.deepEqual([...kept.keys()], ["gan-fc"]);
    assert.deepEqual(trained, ["gan-fc 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.tensorsLeaked, 0);
  },
});
