import assert from "node:assert/strict";
import { buildWasm, WASM_BUILD_DIR, WASM_BUILDS } from "./build_wasm.ts";

Deno.test("buildWasm() does reproduce the committed binaries byte for byte", async () => {
  const built = await buildWasm();
  assert.deepEqual([...built.keys()], Object.keys(WASM_BUILDS));
  for (const [name, binary] of built) {
    const committed = await Deno.readFile(new URL(name, WASM_BUILD_DIR));
    assert.ok(
      binary.byteLength === committed.byteLength && binary.every((b, i) => b === committed[i]),
      `${name} differs from a fresh build of asm/kernels.ts: run deno task build:wasm`,
    );
  }
});
