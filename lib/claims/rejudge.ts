/**
 * Judge a stored record again against its claim's current bands, guards and expectation, without
 * training: for a spec whose bands or stated outcome changed after a long run. The measurement
 * (metrics, curves, seeds, timings, when it finished) is kept as it is.
 *
 * @module
 */
import { type ResultRecord, stoppedEarly } from "../results/record.ts";
import type { Claim, ScaleSetup } from "./claim.ts";
import { judge } from "./run_claim.ts";
import { divergenceReason, statementVerdicts } from "../outcomes/mod.ts";

/** Raised when a record cannot be judged by the claim's current spec. */
export class RejudgeError extends Error {
  override name = "RejudgeError";
}

/**
 * The record with verdict, reason, bands, guards and expectation from the claim's current spec.
 *
 * @param claim The claim the record measured.
 * @param record A record of that claim.
 * @returns The record judged again; everything it measured unchanged.
 * @throws {RejudgeError} When the record measured another config than the spec's, or stopped
 *   early (its verdict then rests on the stop, not on bands) while the spec expects it to
 *   reproduce; a stopped run the spec now expects not to reproduce takes the new expectation only.
 * @example
 * ```ts
 * const judged = rejudgeRecord(findClaim(record.claim)!, record);
 * ```
 */
export function rejudgeRecord<C>(claim: Claim<C>, record: ResultRecord): ResultRecord {
  if (record.claim !== claim.id) {
    throw new RejudgeError(`The record is of ${record.claim}, not ${claim.id}`);
  }
  const setup = claim.scales[record.scale];
  if (JSON.stringify(record.config) !== JSON.stringify(setup.config)) {
    throw new RejudgeError(
      `${record.claim} ${record.scale}: the record measured another config than the spec's; ` +
        "run the claim again instead",
    );
  }
  if (setup.expect === "skipped") {
    throw new RejudgeError(`${record.claim} ${record.scale}: the spec now skips this scale`);
  }
  // A stopped run's verdict rests on the stop (the time budget; in records older than per-seed
  // divergences, a divergence too), not on bands: only the spec's expectation, bands and guards
  // are taken, and only when the spec now expects the run not to reproduce; verdict and reason
  // stay those of the stop.
  if (stoppedEarly(record)) {
    if (record.verdict !== "not-reproduced" || setup.expect !== "not-reproduced") {
      throw new RejudgeError(
        `${record.claim} ${record.scale}: the run stopped before its last seed`,
      );
    }
    const stop = record.reason ?? "The run stopped before its last seed";
    const { bands, guards } = judge(setup as ScaleSetup<unknown>, record.metrics, stop);
    return { ...record, expected: setup.expect, bands, guards };
  }
  // Seeds that diverged keep the verdict where the divergence put it; the bands are judged on the
  // seeds that trained.
  const divergence = divergenceReason(record.diverged ?? []);
  const { verdict, reason, bands, guards } = judge(
    setup as ScaleSetup<unknown>,
    record.metrics,
    divergence,
  );
  const statements = statementVerdicts(bands);
  const judged = {
    ...record,
    verdict,
    reason: reason ?? null,
    expected: setup.expect,
    bands,
    guards,
  };
  if (record.statements !== undefined || statements.length > 0) judged.statements = statements;
  if (record.peer) {
    // The twin's numbers are judged by the same bands and guards as the suite's.
    const peer = judge(setup as ScaleSetup<unknown>, record.peer.metrics);
    judged.peer = { ...record.peer, verdict: peer.verdict, bands: peer.bands, guards: peer.guards };
  }
  return judged;
}
