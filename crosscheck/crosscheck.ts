/**
 * `deno task crosscheck`: run a claim's PyTorch twin at the scale, seeds and config of its
 * record and write what it measured into the record as `peer`, judged by the claim's own bands
 * and guards.
 * The record's verdict stays the suite's.
 *
 * ```sh
 * deno task crosscheck <claim-id> [--scale quick|full] [--seeds K] [--subset a,b]
 *                      [--results DIR] [--lines FILE…]
 * ```
 *
 * `--seeds K` runs seeds 0..K−1 (at least the record's); `--subset` runs part of the config
 * (a grid's rows); `--lines` reads lines the twin printed earlier, with the arguments this
 * command would pass, instead of running it. Without a Python that imports torch
 * (`ANNDL_PEER_PYTHON`, `/usr/bin/python3`, `python3`) the crosscheck is skipped with a message.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findClaim, type Scale, SCALES } from "../lib/claims/mod.ts";
import { locateDataFile, SANTAFE_FILES } from "../lib/data/mod.ts";
import {
  parseRecord,
  peerAgreementText,
  recordPath,
  withPeer,
  writeRecord,
} from "../lib/results/mod.ts";
import { parseTwinLines, peerFromLines, type TwinLine } from "./twin.ts";
import { TWINS } from "./twins.ts";
import { findTorchPython, TORCH_PYTHONS } from "./torch_python.ts";

const USAGE = `Usage: deno task crosscheck <claim-id> [--scale quick|full] [--seeds K] ` +
  `[--subset a,b] [--results DIR] [--lines FILE…]
Twins: ${[...TWINS.keys()].join(", ")}`;

/** The data folder the twin reads: the one holding the Santa Fe series, found as the suite does. */
async function dataDir(): Promise<string> {
  return dirname(dirname(await locateDataFile(SANTAFE_FILES.train)));
}

function fail(message: string): never {
  console.error(message);
  Deno.exit(2);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      scale: { type: "string", default: "quick" },
      seeds: { type: "string" },
      subset: { type: "string" },
      results: { type: "string", default: "results" },
      lines: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const id = positionals[0];
  const claim = findClaim(id);
  const twin = TWINS.get(id);
  if (!claim) fail(`Unknown claim ${id}: see deno task list`);
  if (!twin) fail(`No twin for ${id}: twins exist for ${[...TWINS.keys()].join(", ")}`);
  const scale = values.scale as Scale;
  if (!SCALES.includes(scale)) fail(`Unknown scale ${scale}: valid choices are quick, full`);
  const path = recordPath(values.results, scale, id);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    fail(`No record at ${path}: run ${id} at ${scale} scale first (deno task claim)`);
  }
  const record = parseRecord(text, path);
  let seeds = record.seeds;
  if (values.seeds !== undefined) {
    const count = Number(values.seeds);
    if (!Number.isInteger(count) || count < 1) {
      fail(`--seeds takes an integer ≥ 1: got ${values.seeds}`);
    }
    seeds = Array.from({ length: count }, (_, i) => i);
  }
  const subset = values.subset?.split(",");
  // The twin repeats the experiment the record holds: its config, which may be an earlier one than
  // the claim's current config at this scale (a record not yet re-run).
  const config = record.config;
  const invocations = twin.invocations(config, seeds, subset);
  const started = performance.now();
  let lines: TwinLine[] = [];
  let command: string;
  if (values.lines) {
    for (const file of values.lines) lines.push(...parseTwinLines(await Deno.readTextFile(file)));
    command = `lines from ${values.lines.join(", ")} of: ` +
      invocations.map((args) => `python3 ${args.join(" ")}`).join("; ");
  } else {
    const python = await findTorchPython();
    if (!python) {
      console.error(
        `crosscheck ${id} skipped: no Python with torch (tried ${TORCH_PYTHONS.join(", ")}; set ` +
          "ANNDL_PEER_PYTHON, or install Debian's python3-torch)",
      );
      return 0;
    }
    const env = { ANNDL_DATA_DIR: await dataDir() };
    for (const args of invocations) {
      console.error(`${python} ${args.join(" ")}`);
      const out = await new Deno.Command(python, { args, env, stdout: "piped", stderr: "inherit" })
        .output();
      if (!out.success) fail(`The twin failed (exit ${out.code}): ${python} ${args.join(" ")}`);
      lines = lines.concat(parseTwinLines(new TextDecoder().decode(out.stdout)));
    }
    command = invocations.map((args) => `${python} ${args.join(" ")}`).join("; ");
  }
  const peer = peerFromLines(claim, twin, lines, {
    scale,
    seeds,
    subset,
    command,
    wallSeconds: (performance.now() - started) / 1000,
  });
  const merged = withPeer(record, peer);
  await writeRecord(values.results, merged);
  for (const band of peer.bands) {
    const suite = record.bands.find((b) => b.metric === band.metric);
    console.log(
      `  ${band.metric}: tfjs ${suite?.value} ${suite?.pass ? "holds" : "fails"}, ` +
        `${peer.framework} ${band.value} ${band.pass ? "holds" : "fails"}`,
    );
  }
  const agreement = peerAgreementText(merged) || "no band both measured";
  console.log(
    `${id} ${scale}: ${peer.framework} ${peer.version} ${peer.verdict} over seeds ` +
      `${seeds.join(",")} (suite: ${record.verdict}): ${agreement} → ${resolve(path)}`,
  );
  return 0;
}

if (import.meta.main) Deno.exit(await main());
