/**
 * Test support for checkpoints inside a seed: run seed 0 of a claim uncut, run it again cut where
 * a checkpoint write says (an error thrown from the write, where a kill would land), then resume
 * from the rows the cut run kept. The tests of each resumable training compare the outcomes.
 *
 * @module
 */
import type { ClaimOutcome, KeptRow } from "../outcomes/mod.ts";
import type { Claim } from "./claim.ts";
import { runClaim } from "./run_claim.ts";

/** What {@linkcode cutAndResume} ran. */
export interface CutAndResumed {
  uncut: ClaimOutcome;
  resumed: ClaimOutcome;
  /** The rows the cut run kept, by key, in the order first written. */
  kept: Map<string, KeptRow>;
  /** `<label> <epoch>` of every epoch the resumed run trained. */
  trained: string[];
}

/**
 * Seed 0 of `claim` at quick scale with `overrides`: uncut, cut, resumed.
 *
 * @param claim The claim.
 * @param overrides A small config, so that three runs take seconds.
 * @param cutAfter Whether the run is cut once this row is kept.
 * @returns Both outcomes, the kept rows and the epochs the resumed run trained.
 * @example
 * ```ts
 * const { uncut, resumed } = await cutAndResume(claim, { epochs: 3 }, (_key, v) => v?.epoch === 2);
 * ```
 */
export async function cutAndResume<C>(
  claim: Claim<C>,
  overrides: Record<string, unknown>,
  cutAfter: (key: string, value: unknown) => boolean,
): Promise<CutAndResumed> {
  const outDir = await Deno.makeTempDir(); // the claim's images, away from results/
  const run = { scale: "quick" as const, seeds: [0], overrides, fresh: true, outDir };
  try {
    const uncut = await runClaim(claim, { ...run, onRowDone: () => {} });
    const kept = new Map<string, KeptRow>();
    const cut = new Error("Cut");
    await runClaim(claim, {
      ...run,
      onRowDone: (_seed, key, row) => {
        kept.set(key, structuredClone(row)); // a copy, as the checkpoint file gives it back
        if (cutAfter(key, row.value)) throw cut;
      },
    }).then(
      () => Promise.reject(new Error("The run was never cut")),
      (error) => error === cut ? undefined : Promise.reject(error),
    );
    const trained: string[] = [];
    const resumed = await runClaim(claim, {
      ...run,
      keptRows: new Map([[0, kept]]),
      onRowDone: () => {},
      onEpoch: (log) => trained.push(`${log.label} ${log.epoch}`),
    });
    return { uncut, resumed, kept, trained };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}
