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
    const small = { models: ["smaller", "baseline"], trainCount: 256, testCount: 64, epochs: 3 };
    const { uncut, resumed, kept, trained } = await cutAndResume(
      vitClaim,
      small,
      (key, value) => key === "vit baseline epochs" && (value as { epochs: number }).epochs === 2,
    );
    // The finished configuration is a row; its epochs' state was dropped once the row was kept.
    assert.deepEqual([...kept.keys()], [
      "vit smaller epochs",
      "vit smaller",
      "vit baseline epochs",
    ]);
    assert.equal(kept.get("vit smaller epochs")!.value, null);
    assert.deepEqual(trained, ["vit baseline 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.tensorsLeaked, 0);
  },
});
