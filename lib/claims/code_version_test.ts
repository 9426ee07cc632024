import assert from "node:assert/strict";
import { claimSourcePath, codeVersion } from "./code_version.ts";
import { CLAIMS } from "./registry.ts";

Deno.test("codeVersion() hashes the claim's file and the models it uses, not all of lib/models", async () => {
  const version = await codeVersion("3.3-attention");
  assert.deepEqual(version.files, ["claims/ex3/attention.ts", "models/attention.ts"]);
  assert.match(version.version, /^sha256:[0-9a-f]{16}$/);
  assert.deepEqual(await codeVersion("3.3-attention"), version);
  const vit = await codeVersion("3.3.1-vit");
  assert.ok(vit.files.includes("claims/ex3/_mnist_subset.ts"), vit.files.join(", "));
  assert.ok(vit.files.includes("models/vit.ts"), vit.files.join(", "));
  assert.ok(!vit.files.includes("models/rbm.ts"), vit.files.join(", "));
  assert.notEqual(vit.version, version.version);
});

Deno.test("codeVersion() finds the source file of every implemented claim", async () => {
  for (const claim of CLAIMS) {
    const { files } = await codeVersion(claim.id);
    assert.ok(files.some((f) => f.startsWith("claims/ex")), `${claim.id}: ${files.join(", ")}`);
  }
});

Deno.test("claimSourcePath() refuses what is not a claim id", async () => {
  assert.match(claimSourcePath("1.3.5-cnn-params"), /\/lib\/claims\/ex1\/cnn_params\.ts$/);
  assert.throws(() => claimSourcePath("../x"), {
    message: "Invalid claim id ../x: expected e.g. 1.3.5-cnn-params",
  });
  await assert.rejects(codeVersion("9.9-none"), { message: /^No source file for claim 9\.9-none/ });
});
