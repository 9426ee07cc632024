/**
 * The anndl-spec command line.
 *
 * ```sh
 * deno run -A mod.ts list [--json]
 * deno run -A mod.ts data [mnist|santafe|regression…]
 * deno run -A mod.ts run <claim-id…> | --section 1.3 [--scale quick|full] [--seed N] [--seeds K]
 *                        [--backend auto|wasm|webgpu|cpu] [--results DIR] [--<config-key>=<value>…]
 * deno run -A mod.ts campaign [--scale full] [--section S] [--jobs J] [--dry-run] [--results DIR]
 * deno run -A mod.ts report [--results DIR]
 * deno run -A mod.ts compare <old-results-dir> [<new-results-dir>]
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  BACKEND_CHOICES,
  type BackendChoice,
  BackendError,
  initBackend,
  versions,
} from "./lib/backend/mod.ts";
import {
  applyOverrides,
  CATALOGUE,
  type Claim,
  CLAIMS,
  codeVersion,
  ConfigError,
  type EpochLog,
  findClaim,
  RejudgeError,
  rejudgeRecord,
  runClaim,
  type Scale,
  SCALES,
} from "./lib/claims/mod.ts";
import { DataError, DATASET_NAMES, downloadData } from "./lib/data/mod.ts";
import type { KeptRow } from "./lib/outcomes/mod.ts";
import { formatPlan, formatSeconds, isShared, planCampaign } from "./lib/campaign/mod.ts";
import {
  CHECKPOINT_SCHEMA,
  type CheckpointKey,
  type KeptSeeds,
  parseRecord,
  readRecords,
  readSeedCheckpoints,
  readSeedRows,
  RecordError,
  recordPath,
  removeCheckpoint,
  removeSeedRows,
  toRecord,
  writeRecord,
  writeSeedCheckpoint,
  writeSeedRows,
} from "./lib/results/mod.ts";
import { compareRecords, formatComparison, loadRecords, writeReport } from "./lib/report/mod.ts";

const USAGE = `Usage:
  mod.ts list [--json]
  mod.ts data [${DATASET_NAMES.join("|")}…]   (download into the cache; default all)
  mod.ts run <claim-id…> | --section S [--scale quick|full] [--seed N] [--seeds K] [--jobs J]
             [--backend ${BACKEND_CHOICES.join("|")}] [--results DIR] [--<config-key>=<value>…]
             [--resume]   (reuse the seeds and rows a cut run of the same config and code kept)
             [--keep-checkpoint]   (leave it after the record: a record of the seeds so far)
             [--progress]   (a line per epoch even into a log file)
  mod.ts rejudge <claim-id…> [--scale quick|full] [--results DIR]   (bands again, no training)
  mod.ts campaign [--scale quick|full] [--section S] [--jobs J] [--backend B] [--dry-run] [--progress]
             (run every claim lacking a current record, cheapest first, resuming cut runs)
  mod.ts report [--results DIR]
  mod.ts compare <old-results-dir> [<new-results-dir>]   (default new: --results)`;

const CLI_OPTIONS = {
  json: { type: "boolean" },
  resume: { type: "boolean" },
  "keep-checkpoint": { type: "boolean" },
  progress: { type: "boolean" },
  "dry-run": { type: "boolean" },
  section: { type: "string" },
  scale: { type: "string", default: "quick" },
  seed: { type: "string" },
  seeds: { type: "string" },
  jobs: { type: "string", default: "1" },
  backend: { type: "string", default: "wasm" },
  results: { type: "string", default: "results" },
  help: { type: "boolean", short: "h" },
} as const;

/** A mistake in the command line: printed as one line, exit code 2. */
class UsageError extends Error {}

// deno-lint-ignore no-explicit-any
type AnyClaim = Claim<any>;

async function main(args: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args,
    options: CLI_OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const overrides: Record<string, string> = {};
  for (const token of tokens) {
    if (token.kind === "option" && !(token.name in CLI_OPTIONS)) {
      overrides[token.name] = token.value ?? "";
    }
  }
  if (command === "list") return list(Boolean(values.json));
  if (command === "data") return await data(rest);
  if (command === "report") return await report(String(values.results));
  if (command === "rejudge") {
    return await rejudge(
      rest,
      choose("scale", String(values.scale), SCALES),
      String(values.results),
    );
  }
  if (command === "campaign") {
    return await campaign({
      section: values.section as string | undefined,
      scale: choose("scale", String(values.scale), SCALES),
      backend: choose("backend", String(values.backend), BACKEND_CHOICES),
      jobs: parseInteger("jobs", String(values.jobs), 1),
      results: String(values.results),
      dryRun: Boolean(values["dry-run"]),
      progress: Boolean(values.progress),
    });
  }
  if (command === "compare") return await compare(rest, String(values.results));
  if (command === "run") {
    return await run(rest, {
      section: values.section as string | undefined,
      scale: choose("scale", String(values.scale), SCALES),
      backend: choose("backend", String(values.backend), BACKEND_CHOICES),
      seeds: seedList(values.seed as string | undefined, values.seeds as string | undefined),
      jobs: parseInteger("jobs", String(values.jobs), 1),
      results: String(values.results),
      resume: Boolean(values.resume),
      keepCheckpoint: Boolean(values["keep-checkpoint"]),
      progress: Boolean(values.progress),
      overrides,
    });
  }
  throw new UsageError(
    `Unknown command ${command}: valid commands are list, data, run, campaign, rejudge, report, compare`,
  );
}

function list(json: boolean): number {
  const rows = CATALOGUE.map((entry) => ({
    ...entry,
    implemented: findClaim(entry.id) !== undefined,
  }));
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const row of rows) {
    console.log(`${row.implemented ? " " : "-"} ${row.id.padEnd(26)} ${row.statement}`);
  }
  console.log(`\n${CLAIMS.length} of ${CATALOGUE.length} claims implemented ("-" marks the rest)`);
  return 0;
}

interface RunOptions {
  section?: string;
  scale: Scale;
  backend: BackendChoice;
  seeds?: number[];
  /** Seeds run side by side in this many worker threads. */
  jobs: number;
  results: string;
  /** Reuse the seeds a cut run of the same config, backend and code kept in its checkpoint. */
  resume: boolean;
  /** Leave the checkpoint after the record, for a longer run to resume. @default false */
  keepCheckpoint?: boolean;
  /** Print a line per epoch even when stderr is not a terminal (a log file). @default false */
  progress?: boolean;
  overrides: Record<string, string>;
}

async function run(ids: string[], options: RunOptions): Promise<number> {
  const claims = selectClaims(ids, options.section);
  // Check every override against every selected claim before spending time on training.
  const typed = new Map(claims.map((claim) => [
    claim.id,
    applyOverrides(claim.scales[options.scale].config, options.overrides),
  ]));
  for (const [key, value] of Object.entries(options.overrides)) {
    console.error(`override: ${key} = ${value}`);
  }
  const backend = await initBackend(options.backend);
  let failures = 0;
  for (const claim of claims) {
    // Read before training, so the record names the code that ran even if files change meanwhile.
    const code = (await codeVersion(claim.id)).version;
    const setup = claim.scales[options.scale];
    const key: CheckpointKey = {
      claim: claim.id,
      scale: options.scale,
      config: { ...setup.config, ...typed.get(claim.id) },
      backend: backend.name,
      code,
    };
    const seeds = options.seeds ?? setup.seeds;
    const finished = new Set<number>();
    let keptSeeds: KeptSeeds["seeds"] | undefined;
    const rows = new Map<number, Record<string, KeptRow>>();
    const writing = new Map<number, Promise<void>>();
    if (options.resume) {
      for (const [seed, kept] of await readSeedRows(options.results, key)) {
        if (seeds.includes(seed)) rows.set(seed, Object.fromEntries(kept));
      }
      const partly = [...rows].map(([seed, kept]) => `${seed} (${Object.keys(kept).length} rows)`);
      if (partly.length > 0) console.error(`resume: ${claim.id} keeps rows of seeds ${partly}`);
      const kept = await readSeedCheckpoints(options.results, key);
      for (const { path, reason } of kept.ignored) {
        console.error(`resume: ignored ${path}: ${reason}`);
      }
      keptSeeds = kept.seeds;
      const reused = seeds.filter((seed) => kept.seeds.has(seed));
      for (const seed of reused) finished.add(seed);
      if (reused.length > 0) console.error(`resume: ${claim.id} keeps seeds ${reused.join(", ")}`);
    } else {
      await removeCheckpoint(options.results, options.scale, claim.id);
    }
    const outcome = await runClaim(claim, {
      scale: options.scale,
      seeds: options.seeds,
      jobs: options.jobs,
      overrides: typed.get(claim.id),
      outDir: `${options.results}/${options.scale}`,
      onEpoch: progressPrinter(options.progress),
      keptSeeds,
      keptRows: new Map([...rows].map(([seed, kept]) => [seed, new Map(Object.entries(kept))])),
      onRowDone: (seed, name, row) => {
        const kept = { ...rows.get(seed), [name]: row };
        rows.set(seed, kept);
        // One write at a time per seed, so a later row's file is never replaced by an earlier one.
        const write = (writing.get(seed) ?? Promise.resolve()).then(() =>
          writeSeedRows(options.results, { ...key, schema: CHECKPOINT_SCHEMA, seed, rows: kept })
        ).then(() => {});
        writing.set(seed, write);
        return write;
      },
      onSeedDone: async (seed, result) => {
        await writeSeedCheckpoint(options.results, {
          ...key,
          schema: CHECKPOINT_SCHEMA,
          seed,
          ...result,
          finishedAt: new Date().toISOString(),
        });
        await writing.get(seed); // a row write still under way must not outlive the removal
        await removeSeedRows(options.results, options.scale, claim.id, seed);
        finished.add(seed);
      },
    });
    const path = await writeRecord(options.results, toRecord(outcome, { ...versions(), code }));
    // A run stopped before its last seed keeps its checkpoint for `--resume`.
    if (!options.keepCheckpoint && seeds.every((seed) => finished.has(seed))) {
      await removeCheckpoint(options.results, options.scale, claim.id);
    }
    const band = outcome.bands.map((b) => `${b.metric}=${format(b.value)}${b.pass ? "" : "✗"}`);
    console.log(
      `${outcome.claim} ${options.scale} on ${backend.name}: ${outcome.verdict}` +
        (outcome.reason ? ` (${outcome.reason})` : "") +
        ` in ${outcome.wallSeconds.toFixed(1)} s — ${band.join(" ")} → ${path}`,
    );
    if (outcome.verdict !== outcome.expected) failures++;
  }
  return failures === 0 ? 0 : 1;
}

interface CampaignOptions {
  section?: string;
  scale: Scale;
  backend: BackendChoice;
  jobs: number;
  results: string;
  dryRun: boolean;
  /** Epoch lines into a log file too. */
  progress?: boolean;
}

/**
 * Run every claim lacking a current record at the scale, cheapest first, each resuming what a
 * cut run kept; one progress line per claim with the campaign's ETA.
 */
async function campaign(options: CampaignOptions): Promise<number> {
  const claims = options.section === undefined ? [...CLAIMS] : selectClaims([], options.section);
  const backend = await initBackend(options.backend);
  const codeVersions = new Map<string, string>();
  const kept = new Map<string, Map<number, number>>();
  const partly = new Map<string, number[]>();
  for (const claim of claims) {
    const code = (await codeVersion(claim.id)).version;
    codeVersions.set(claim.id, code);
    const config = claim.scales[options.scale].config;
    const key = { claim: claim.id, scale: options.scale, config, backend: backend.name, code };
    const { seeds } = await readSeedCheckpoints(options.results, key);
    kept.set(
      claim.id,
      new Map([...seeds].map(([seed, { seconds, cpuSeconds }]) => [seed, cpuSeconds ?? seconds])),
    );
    partly.set(claim.id, [...(await readSeedRows(options.results, key)).keys()]);
  }
  const { records } = await readRecords(options.results);
  const plan = planCampaign(claims, {
    scale: options.scale,
    records,
    codeVersions,
    kept,
    partly,
  });
  const text = formatPlan(plan, options);
  const toRun = plan.filter((e) => e.status === "stale" || e.status === "missing");
  if (options.dryRun || toRun.length === 0) {
    console.log(text.trimEnd());
    return 0;
  }
  console.log(text.split("\n").filter((line) => /^\s*\d+\. /.test(line)).join("\n"));
  let failures = 0;
  let measured = 0;
  let estimated = 0;
  for (const [i, entry] of toRun.entries()) {
    const started = performance.now();
    const code = await run([entry.claim], {
      scale: options.scale,
      backend: options.backend,
      seeds: entry.seeds,
      jobs: options.jobs,
      results: options.results,
      resume: true,
      progress: options.progress,
      overrides: {},
    });
    if (code !== 0) failures++;
    const seconds = (performance.now() - started) / 1000;
    // Claims of a few seconds measure start-up, not training: they do not correct the estimates.
    if (entry.seconds !== undefined && entry.seconds >= 10) {
      measured += seconds * options.jobs; // CPU seconds, as the estimates are
      estimated += entry.seconds;
    }
    const factor = estimated > 0 ? measured / estimated : 1;
    const rest = toRun.slice(i + 1);
    const left = rest.reduce((sum, e) => sum + (e.seconds ?? 0), 0) * factor / options.jobs;
    const unknown = rest.filter((e) => e.seconds === undefined).length;
    console.log(
      `[${i + 1}/${toRun.length}] ${entry.claim} done in ${formatSeconds(seconds)} (estimated ${
        entry.seconds === undefined ? "unknown" : formatSeconds(entry.seconds / options.jobs)
      }); campaign ETA ${formatSeconds(left)}${unknown ? ` plus ${unknown} of unknown cost` : ""}` +
        ` (estimates × ${factor.toFixed(2)} as measured so far)`,
    );
  }
  return failures === 0 ? 0 : 1;
}

function selectClaims(ids: string[], section?: string): AnyClaim[] {
  if (section !== undefined) {
    const sections = [...new Set(CATALOGUE.map((e) => e.section))];
    const chosen = CLAIMS.filter((c) =>
      c.section === section || c.section.startsWith(`${section}.`)
    );
    if (!sections.some((s) => s === section || s.startsWith(`${section}.`))) {
      throw new UsageError(`Unknown section ${section}: valid sections are ${sections.join(", ")}`);
    }
    if (chosen.length === 0) {
      throw new UsageError(`No claim of section ${section} is implemented yet`);
    }
    return chosen;
  }
  if (ids.length === 0) throw new UsageError("Name at least one claim id or --section");
  return ids.map((id) => {
    const claim = findClaim(id);
    if (claim) return claim;
    const known = CATALOGUE.some((e) => e.id === id);
    throw new UsageError(
      known
        ? `Claim ${id} is not implemented yet: implemented claims are ${
          CLAIMS.map((c) => c.id).join(", ")
        }`
        : `Unknown claim ${id}: valid claims are ${CATALOGUE.map((e) => e.id).join(", ")}`,
    );
  });
}

function parseInteger(flag: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || !Number.isSafeInteger(value)) {
    throw new UsageError(`--${flag} takes an integer ≥ ${min}: got ${JSON.stringify(raw)}`);
  }
  return value;
}

function seedList(seed?: string, seeds?: string): number[] | undefined {
  if (seed === undefined && seeds === undefined) return undefined;
  const first = seed === undefined ? 0 : parseInteger("seed", seed, 0);
  const count = seeds === undefined ? 1 : parseInteger("seeds", seeds, 1);
  return Array.from({ length: count }, (_, i) => first + i);
}

function choose<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`Unknown ${flag} ${value}: valid choices are ${choices.join(", ")}`);
}

/** Judge stored records again by their claims' current specs; the measurements stay as they are. */
async function rejudge(ids: string[], scale: Scale, results: string): Promise<number> {
  const claims = selectClaims(ids);
  for (const claim of claims) {
    const path = recordPath(results, scale, claim.id);
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch {
      throw new UsageError(`No record at ${path}: run ${claim.id} at ${scale} scale first`);
    }
    const judged = rejudgeRecord(claim, parseRecord(text, path));
    await writeRecord(results, judged);
    console.log(`${claim.id} ${scale}: ${judged.verdict} (the spec expects ${judged.expected})`);
  }
  return 0;
}

async function report(results: string): Promise<number> {
  const shared = new Set(CLAIMS.filter(isShared).map((claim) => claim.id));
  const catalogue = CATALOGUE.map((entry) => ({ ...entry, shared: shared.has(entry.id) }));
  const written = await writeReport(results, { catalogue });
  for (const path of written.files) console.log(`wrote ${path}`);
  for (const bad of written.unreadable) console.error(`skipped ${bad.path}: ${bad.error}`);
  return 0;
}

/** Exit 0 when every claim holds, 1 on a regression, 2 on a usage mistake. */
async function compare(dirs: string[], results: string): Promise<number> {
  if (dirs.length < 1 || dirs.length > 2) {
    throw new UsageError(
      `compare takes an old and an optional new results folder: got ${dirs.length} arguments`,
    );
  }
  const [oldDir, newDir = results] = dirs;
  for (const dir of [oldDir, newDir]) {
    const info = await Deno.stat(dir).catch(() => undefined);
    if (!info?.isDirectory) throw new UsageError(`No results folder at ${dir}`);
  }
  const comparison = compareRecords(await loadRecords(oldDir), await loadRecords(newDir));
  console.log(formatComparison(comparison, { old: oldDir, new: newDir }).trimEnd());
  return comparison.failed ? 1 : 0;
}

/** Fetch the named data sets (all by default) into the cache; exit 1 if any file failed. */
async function data(names: string[]): Promise<number> {
  const outcomes = await downloadData({
    datasets: names.length > 0 ? names : undefined,
    onFile: (line) => console.log(line),
  });
  const failed = outcomes.filter((o) => o.status === "failed").length;
  if (failed > 0) console.error(`${failed} of ${outcomes.length} data files could not be fetched`);
  return failed > 0 ? 1 : 0;
}

/** One fixed-format line per epoch on a terminal, nothing in CI or when piped. */
/** Epoch lines on a terminal (not in CI), or wherever stderr goes when `always`. */
function progressPrinter(always = false): ((log: EpochLog & { seed: number }) => void) | undefined {
  if (!always && (!Deno.stderr.isTerminal() || Deno.env.get("CI"))) return undefined;
  const started = new Map<string, number>();
  return (log) => {
    const key = `${log.seed}:${log.label}`;
    if (!started.has(key)) started.set(key, performance.now());
    const elapsed = (performance.now() - started.get(key)!) / 1000;
    const eta = (elapsed / log.epoch) * (log.epochs - log.epoch);
    const values = Object.entries(log.values).map(([k, v]) => `${k} ${format(v)}`).join(" ");
    console.error(
      `seed ${log.seed} ${log.label} epoch ${log.epoch}/${log.epochs} ${values} eta ${
        eta.toFixed(0)
      } s`,
    );
  };
}

function format(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    // Mistakes of the caller or the machine are one line; anything else is a bug and keeps its stack.
    const oneLine = [UsageError, ConfigError, BackendError, DataError, RejudgeError, RecordError];
    if (oneLine.some((kind) => error instanceof kind)) {
      console.error(`error: ${(error as Error).message}`);
      Deno.exit(2);
    }
    throw error;
  }
}
