/**
 * Turns a claim into a `Deno.test`: run it at the chosen scale, write its record to `results/`
 * (unless the record there, made by the same code, already holds these seeds with the same
 * numbers: a campaign's record of more seeds stays, with its peer), and fail when the verdict or
 * a band differs from what the claim expects.
 *
 * Scale and backend come from `deno task test -- --scale full --backend cpu` or from the
 * variables `ANNDL_SCALE` and `ANNDL_BACKEND`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type BackendChoice, initBackend, versions } from "../lib/backend/mod.ts";
import {
  type BandCheck,
  type Claim,
  type ClaimOutcome,
  codeVersion,
  formatBand,
  runClaim,
  type Scale,
} from "../lib/claims/mod.ts";
import {
  readRecord,
  recordHolds,
  TIMING_METRIC,
  toRecord,
  writeRecord,
} from "../lib/results/mod.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  strict: false,
  options: { scale: { type: "string" }, backend: { type: "string" } },
});

/** The scale specs run at. */
export const SPEC_SCALE = String(flags.scale ?? Deno.env.get("ANNDL_SCALE") ?? "quick") as Scale;
const SPEC_BACKEND = String(
  flags.backend ?? Deno.env.get("ANNDL_BACKEND") ?? "wasm",
) as BackendChoice;
const RESULTS_DIR = Deno.env.get("ANNDL_RESULTS_DIR") ??
  new URL("../results", import.meta.url).pathname;

/** How a claim's spec checks that a seed gives the same numbers twice. */
export interface SpecOptions {
  /**
   * The scales at which the first seed is run a second time and must measure the same (default:
   * quick only). Fixed per claim, not by a timer, so every machine checks the same claims; a claim
   * whose seed costs minutes leaves its scale out and says why.
   */
  rerunAt?: readonly Scale[];
  /** Why a scale is left out of `rerunAt`, shown in the ignored step's name. */
  why?: string;
}

/**
 * Register one `Deno.test` for a claim at the spec scale; a skipped claim shows as ignored with
 * its reason in the test name.
 *
 * @param claim The claim.
 * @param options Where the determinism step runs.
 */
// deno-lint-ignore no-explicit-any
export function specClaim(claim: Claim<any>, options: SpecOptions = {}): void {
  const { rerunAt = ["quick"], why = "a seed is too long to run twice here" } = options;
  const rerun = rerunAt.includes(SPEC_SCALE);
  const setup = claim.scales[SPEC_SCALE];
  if (!setup) throw new RangeError(`Unknown scale ${SPEC_SCALE}: valid scales are quick, full`);
  const skipped = setup.expect === "skipped";
  Deno.test({
    name: `${claim.id} (${SPEC_SCALE})${skipped ? ` — skipped: ${setup.reason}` : ""}`,
    ignore: skipped,
    // TF.js keeps wasm and timers alive between tests by design.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      await initBackend(SPEC_BACKEND);
      const code = (await codeVersion(claim.id)).version;
      const outcome = await runClaim(claim, {
        scale: SPEC_SCALE,
        outDir: `${RESULTS_DIR}/${SPEC_SCALE}`,
      });
      const record = toRecord(outcome, { ...versions(), code });
      // A campaign's record of the same code with more seeds (and maybe a twin's peer) stays.
      const held = await readRecord(RESULTS_DIR, SPEC_SCALE, claim.id);
      if (!held || !recordHolds(held, record)) await writeRecord(RESULTS_DIR, record);
      assertOutcome(outcome);
      const seed = outcome.seeds[0];
      await t.step({
        name: `seed ${seed} run again gives the same metrics` +
          (rerun ? "" : ` — skipped at ${SPEC_SCALE} scale: ${why}`),
        ignore: !rerun,
        sanitizeOps: false,
        sanitizeResources: false,
        fn: async () => {
          const again = await runClaim(claim, { scale: SPEC_SCALE, seeds: [seed], fresh: true });
          assertSameFirstSeed(outcome, again);
        },
      });
    },
  });
}

/**
 * Throw unless a second run of the first seed measured exactly what the first run did.
 *
 * @param first The outcome of the spec's run.
 * @param again The outcome of running its first seed again.
 */
export function assertSameFirstSeed(first: ClaimOutcome, again: ClaimOutcome): void {
  // Per-seed metrics only: a cross-seed statistic (median, spread) of several seeds has one value
  // and differs from the same statistic of one seed by design. Timings ("…Seconds", "timeRatio…")
  // measure the machine, not the seed.
  const perSeed = Object.entries(again.metrics)
    .filter(([name]) => first.metrics[name]?.values.length === first.seeds.length)
    .filter(([name]) => !TIMING_METRIC.test(name));
  const differing = perSeed
    .filter(([name, summary]) => !Object.is(summary.values[0], first.metrics[name].values[0]))
    .map(([name, summary]) =>
      `${name}: ${first.metrics[name]?.values[0]} then ${summary.values[0]}`
    );
  if (differing.length > 0) {
    throw new Error(
      `Claim ${first.claim}: seed ${
        first.seeds[0]
      } is not deterministic on ${first.backend.name}: ${differing.join("; ")}`,
    );
  }
}

/**
 * Throw one message listing everything wrong with an outcome: a verdict other than expected, a
 * band or guard left, a tensor leak.
 *
 * @param outcome The outcome of a claim run.
 */
export function assertOutcome(outcome: ClaimOutcome): void {
  const problems: string[] = [];
  if (outcome.verdict !== outcome.expected) {
    problems.push(`verdict ${outcome.verdict}, expected ${outcome.expected} (${outcome.reason})`);
  }
  const mustPass = outcome.expected === "reproduced" ? outcome.bands : [];
  for (const band of [...mustPass, ...outcome.guards].filter((b) => !b.pass)) {
    problems.push(describeFailure(band, outcome));
  }
  if (outcome.tensorsLeaked !== 0) problems.push(`${outcome.tensorsLeaked} tensors leaked`);
  if (problems.length > 0) {
    throw new Error(`Claim ${outcome.claim} (${outcome.scale}): ${problems.join("; ")}`);
  }
}

function describeFailure(band: BandCheck, outcome: ClaimOutcome): string {
  const summary = outcome.metrics[band.metric];
  const spread = summary && summary.values.length > 1 ? ` ± ${summary.std.toPrecision(3)}` : "";
  const report = band.reportKey ? `, report ${outcome.report[band.reportKey]}` : "";
  return `${band.metric} = ${band.value}${spread} outside ${
    formatBand(band)
  } (${band.why}${report})`;
}
