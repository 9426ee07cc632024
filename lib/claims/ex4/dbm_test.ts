import assert from "node:assert/strict";
import { initBackend } from "../../backend/mod.ts";
import { cutAndResume } from "../_cut_and_resume.ts";
import { dbmClaim } from "./dbm.ts";

Deno.test({
  name: "4.1-dbm: a seed cut in joint training resumes from its saved epoch to the uncut metrics",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await initBackend("wasm");
    const small = {
      trainImages: 200,
      epochs: 1,
      dbmHidden1: 16,
      dbmHidden2: 12,
      pretrainEpochs: 1,
      jointEpochs: 3,
      jointBatchSize: 50,
      meanFieldSteps: 3,
      chains: 20,
    };
    const { uncut, resumed, kept, trained } = await cutAndResume(
      dbmClaim,
      small,
      (key, value) => key === "dbm-joint" && (value as { epoch: number }).epoch === 2,
    );
    assert.deepEqual([...kept.keys()], ["rbm", "dbm-pretrain-1", "dbm-pretrain-2", "dbm-joint"]);
    assert.deepEqual(trained, ["dbm-joint 3"]);
    assert.deepEqual(resumed.metrics, uncut.metrics);
    assert.equal(resumed.tensorsLeaked, 0);
  },
});
