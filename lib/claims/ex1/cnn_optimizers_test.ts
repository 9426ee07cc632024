import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { cutAndResume } from "../_cut_and_resume.ts";
import { cnnOptimizersClaim } from "./cnn_optimizers.ts";

Deno.test({
  name: "1.3.6-cnn-optimizers: a seed cut inside an optimizer's row resumes at its next epoch",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("wasm");
    const small = { trainImages: 160, testImages: 64, epochs: 3, optimizers: ["adam", "sgd01"] };
    const { uncut, resumed, kept, trained } = await cutAndResume(
      cnnOptimizersClaim,
      small,
      (key, value) => key === "sgd01 epochs" && (value as { epochs: number }).epochs === 2,
    );
    assert.deepEqual([...kept.keys()], ["adam epochs", "adam", "sgd01 epochs"]);
    assert.deepEqual(trained, ["sgd01 3"]);
    // Seconds are measured, not computed: they differ between runs.
    const { adamSeconds: _a, sgd01Seconds: _b, ...measured } = resumed.metrics;
    const { adamSeconds: _c, sgd01Seconds: _d, ...expected } = uncut.metrics;
    assert.deepEqual(measured, expected);
    assert.deepEqual(resumed.curves, uncut.curves);
    assert.equal(resumed.tensorsLeaked, 0);
  },
});
