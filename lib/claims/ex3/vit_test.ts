import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { cutAndResume } from "../_cut_and_resume.ts";
import { vitClaim } from "./vit.ts";

Deno.test({
  name: "3.3.1-vit: a seed cut inside a configuration's training resumes at its next epoch",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("wasm");
    // One configuration: rows around saved epochs are the 1.3.6 test's (cnn_optimizers_test.ts).
    const small = { models: ["smaller"], trainCount: 256, testCount: 64, epochs: 3 };
    const { uncut, resumed, kept, trained } = await cutAndResume(
      vitClaim,
      small,
      (key, value) => key === "vit smaller epochs" && (value as { epochs: number }).epochs === 2,
    );
    assert.deepEqual([...kept.keys()], ["vit smaller epochs"]);
    assert.deepEqual(trained, ["vit smaller 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.tensorsLeaked, 0);
  },
});
