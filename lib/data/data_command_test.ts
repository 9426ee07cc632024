import assert from "node:assert/strict";

const REAL = Deno.env.get("ANNDL_DATA_DIR");
const CLI = new URL("../../mod.ts", import.meta.url).pathname;

/** Run `mod.ts data …` in a child process. */
async function cli(args: string[], env: Record<string, string> = {}) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "data", ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

Deno.test("mod.ts data rejects an unknown data set in one line with exit 2", async () => {
  const { code, stderr } = await cli(["cifar"]);
  assert.equal(code, 2);
  assert.equal(
    stderr.trim().split("\n").at(-1),
    "error: Unknown data set cifar: valid data sets are mnist, santafe, regression",
  );
});

Deno.test({
  name:
    "mod.ts data accepts the verified copies in ANNDL_DATA_DIR (needs ANNDL_DATA_DIR: skipped without the real data)",
  ignore: !REAL,
  fn: async () => {
    const { code, stdout } = await cli([], { ANNDL_DATA_DIR: REAL! });
    assert.equal(code, 0);
    const lines = stdout.trim().split("\n").filter((line) => line.startsWith("ok "));
    assert.equal(lines.length, 7, stdout);
    assert.ok(lines.every((line) => line.includes(": verified copy in ANNDL_DATA_DIR (")), stdout);
  },
});
