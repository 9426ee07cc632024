import assert from "node:assert/strict";

const MOD = new URL("./mod.ts", import.meta.url).pathname;

/** What a CLI run printed, its exit code and the results folder it was given. */
interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  results: string;
}

async function cli(...args: string[]): Promise<CliRun> {
  return await cliWith({}, ...args);
}

async function cliWith(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const results = await Deno.makeTempDir();
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD, ...args, `--results=${results}`],
    env: { NO_COLOR: "1", CI: "true", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return {
    code: output.code,
    stdout: decode(output.stdout),
    stderr: decode(output.stderr),
    results,
  };
}

function assertUsageError(result: { code: number; stderr: string }, pattern: RegExp) {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `expected one line, got:\n${result.stderr}`);
  assert.match(lines[0], pattern);
}

Deno.test("mod.ts list --json lists every claim of claims.md, marking the implemented", async () => {
  const { code, stdout } = await cli("list", "--json");
  assert.equal(code, 0);
  const rows = JSON.parse(stdout) as Array<{ id: string; implemented: boolean }>;
  const claimsMd = await Deno.readTextFile(new URL("../shared/claims.md", import.meta.url))
    .catch(() => "");
  const ids = [...claimsMd.matchAll(/^\| ([0-9.]+-[a-z0-9-]+) \|/gm)].map((m) => m[1]);
  assert.equal(rows.length, 26);
  if (ids.length > 0) assert.deepEqual(rows.map((r) => r.id), ids);
  assert.ok(rows.find((r) => r.id === "3.3-attention")?.implemented);
});

Deno.test("mod.ts run writes a record and prints the verdict", async () => {
  const { code, stdout } = await cli("run", "3.2.1-conv-output", "--seed=3");
  assert.equal(code, 0);
  assert.match(stdout, /^3\.2\.1-conv-output quick on wasm: reproduced in [0-9.]+ s — /);
});

Deno.test("mod.ts run refuses an unknown claim with the valid ids", async () => {
  assertUsageError(
    await cli("run", "9.9-nope"),
    /^error: Unknown claim 9\.9-nope: valid claims are 1\.3\.1-noise, /,
  );
});

Deno.test("mod.ts run refuses an unknown section, scale or backend with the choices", async () => {
  assertUsageError(
    await cli("run", "--section", "7.7"),
    /^error: Unknown section 7\.7: valid sections are 1\.3\.1, /,
  );
  assertUsageError(
    await cli("run", "3.3-attention", "--scale", "huge"),
    /^error: Unknown scale huge: valid choices are quick, full$/,
  );
  assertUsageError(
    await cli("run", "3.3-attention", "--backend", "tpu"),
    /^error: Unknown backend tpu: valid choices are auto, wasm, webgpu, cpu$/,
  );
});

Deno.test("mod.ts run refuses a seed that is not a non-negative integer", async () => {
  for (const seed of ["-1", "1.5", "x", ""]) {
    assertUsageError(
      await cli("run", "3.3-attention", `--seed=${seed}`),
      new RegExp(`^error: --seed takes an integer ≥ 0: got "${seed.replace(".", "\\.")}"$`),
    );
  }
});

Deno.test("mod.ts run refuses unknown or mistyped config keys", async () => {
  assertUsageError(
    await cli("run", "3.3-attention", "--heads=4"),
    /^error: Unknown config key heads: valid keys are batch, tokens, dk, dv$/,
  );
  assertUsageError(
    await cli("run", "3.3-attention", "--dk=wide"),
    /^error: Config key dk takes a number: got "wide"$/,
  );
});

Deno.test("mod.ts with an unknown command lists the commands", async () => {
  assertUsageError(await cli("fly"), /^error: Unknown command fly: valid commands are /);
});

Deno.test("mod.ts run --backend webgpu without an adapter says so in one line", async () => {
  // No adapter exists for DirectX 12 on Linux, so WebGPU finds none.
  assertUsageError(
    await cliWith({ DENO_WEBGPU_BACKEND: "dx12" }, "run", "3.3-attention", "--backend", "webgpu"),
    /^error: No WebGPU adapter: navigator\.gpu gave none \(valid backends: wasm, cpu; /,
  );
});

const adapter = await navigator.gpu?.requestAdapter().catch(() => null);

Deno.test({
  name: "mod.ts run --backend webgpu records the adapter and whether it is a fallback",
  ignore: !adapter,
  async fn() {
    const { code, stdout, stderr, results } = await cli(
      "run",
      "3.2.1-conv-output",
      "--backend",
      "webgpu",
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^3\.2\.1-conv-output quick on webgpu: reproduced /);
    const record = JSON.parse(
      await Deno.readTextFile(`${results}/quick/3.2.1-conv-output.json`),
    );
    assert.deepEqual(record.backend, {
      name: "webgpu",
      detail: adapter!.info.description || adapter!.info.vendor || "unknown adapter",
      fallbackAdapter: adapter!.info.isFallbackAdapter,
    });
  },
});

Deno.test("mod.ts run killed after its first seed and run again with --resume writes the uncut record", async () => {
  const id = "2.1.3-hopfield-digits"; // three seeds of about 2 s each
  const uncut = await cli("run", id, "--seeds=3");
  assert.equal(uncut.code, 0, uncut.stderr);
  const results = await Deno.makeTempDir();
  const args = ["run", "-A", MOD, "run", id, "--seeds=3", `--results=${results}`];
  const env = { NO_COLOR: "1", CI: "true" };
  const partial = `${results}/quick/.partial/${id}`;
  const record = `${results}/quick/${id}.json`;
  const child = new Deno.Command(Deno.execPath(), { args, env, stdout: "null", stderr: "null" })
    .spawn();
  let exited = false;
  child.status.then(() => exited = true);
  while (!(await exists(`${partial}/seed-0.json`))) {
    assert.ok(!exited, "the run ended before its first checkpoint");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill("SIGKILL");
  await child.status;
  assert.ok(!(await exists(record)), "the run finished before it was killed");
  const output = await new Deno.Command(Deno.execPath(), {
    args: [...args, "--resume"],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.match(
    stderr,
    new RegExp(`^resume: ${id.replaceAll(".", "\\.")} keeps seeds 0(, 1)?$`, "m"),
  );
  const read = async (path: string) => JSON.parse(await Deno.readTextFile(path));
  const [resumed, whole] = [await read(record), await read(`${uncut.results}/quick/${id}.json`)];
  assert.deepEqual(resumed.metrics, whole.metrics);
  assert.deepEqual(resumed.curves, whole.curves);
  assert.deepEqual(resumed.tables, whole.tables);
  assert.equal(resumed.verdict, whole.verdict);
  assert.equal(resumed.versions.code, whole.versions.code);
  assert.ok(!(await exists(partial)), "the finished record leaves no checkpoint");
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("mod.ts campaign --dry-run plans a missing claim, then after the campaign nothing", async () => {
  const results = await Deno.makeTempDir();
  const campaign = async (...args: string[]) => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MOD, "campaign", "--scale=quick", "--section=3.2.1", ...args],
      env: { NO_COLOR: "1", CI: "true" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    return text;
  };
  const plan = await campaign("--dry-run", `--results=${results}`);
  assert.match(plan, /^ 1\. 3\.2\.1-conv-output +missing seeds 0 ≈ unknown — no record$/m);
  assert.match(plan, /^1 claims to run at quick scale: estimated CPU time 0 s plus 1 of unknown/m);
  const ran = await campaign(`--results=${results}`);
  assert.match(ran, /^\[1\/1\] 3\.2\.1-conv-output done in [0-9]+ s \(estimated unknown\)/m);
  assert.equal(
    await campaign("--dry-run", `--results=${results}`),
    "    3.2.1-conv-output        current\nNothing left to run at quick scale\n",
  );
});

Deno.test("mod.ts run --keep-checkpoint leaves the seeds for a longer run to resume", async () => {
  const first = await cli("run", "3.3-attention", "--seeds=2", "--keep-checkpoint");
  assert.equal(first.code, 0, first.stderr);
  const partial = `${first.results}/quick/.partial/3.3-attention`;
  assert.deepEqual([...Deno.readDirSync(partial)].map((e) => e.name).sort(), [
    "seed-0.json",
    "seed-1.json",
  ]);
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      MOD,
      "run",
      "3.3-attention",
      "--seeds=3",
      "--resume",
      `--results=${first.results}`,
    ],
    env: { NO_COLOR: "1", CI: "true" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.match(stderr, /^resume: 3\.3-attention keeps seeds 0, 1$/m);
  assert.ok(!(await exists(partial)), "the record of every seed removes the checkpoint");
});
