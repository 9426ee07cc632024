import type { BandCheck, MetricSummary, Scale, Verdict } from "../outcomes/mod.ts";
import type { ResultRecord } from "./record.ts";

/**
 * The same experiment run in a second framework (a PyTorch twin, `crosscheck/`), judged by the
 * claim's own bands and guards. It never changes the record's verdict: it is the evidence that
 * tells "the report does not reproduce" from "this suite does not reproduce it".
 */
export interface PeerRecord {
  /** The framework, e.g. `pytorch`. */
  framework: string;
  /** Its version, e.g. `1.13.0a0`. */
  version: string;
  /** The scale whose config the twin ran; always the record's. */
  scale: Scale;
  /**
   * The seeds the twin ran: the record's, perhaps more after them (its own generator: the same
   * numbers, not the same random streams).
   */
  seeds: number[];
  /**
   * What of the config the twin ran when not all of it (e.g. `{ rows: [...] }`, the grid rows
   * it ran); `null` for the whole config.
   */
  subset: Record<string, unknown> | null;
  /** Per metric the seed values and their summary, named as the suite's metrics. */
  metrics: Record<string, MetricSummary>;
  /** The twin's verdict under the claim's bands. */
  verdict: Verdict;
  /** The claim's bands applied to the twin's seed means. */
  bands: BandCheck[];
  /** The claim's guards applied to the twin's seed means. */
  guards: BandCheck[];
  /** How the twin was run, as a shell line. */
  command: string;
  wallSeconds: number;
  /** ISO 8601 time the twin finished. */
  finishedAt: string;
}

/** Raised when a peer does not belong to a record. */
export class PeerError extends Error {
  override name = "PeerError";
}

/**
 * The record with `peer` set: the twin must have run the record's claim at its scale on the
 * same seeds (and may have run more after them). The verdict and everything the suite measured are left as they are.
 *
 * @param record The suite's record.
 * @param peer What the twin measured.
 * @returns A new record holding the peer.
 * @throws {PeerError} When the twin ran another scale, or seeds not starting with the record's.
 * @example
 * ```ts
 * await writeRecord("results", withPeer(record, peer));
 * ```
 */
export function withPeer(record: ResultRecord, peer: PeerRecord): ResultRecord {
  if (peer.scale !== record.scale) {
    throw new PeerError(
      `${record.claim}: the twin ran at ${peer.scale} scale, the record is ${record.scale}`,
    );
  }
  if (JSON.stringify(peer.seeds.slice(0, record.seeds.length)) !== JSON.stringify(record.seeds)) {
    throw new PeerError(
      `${record.claim} ${record.scale}: the twin ran seeds ${peer.seeds.join(",")}, ` +
        `which must start with the record's ${record.seeds.join(",")}`,
    );
  }
  return { ...record, peer };
}

/**
 * A new run's record keeps the peer of the record it replaces when both measured the same
 * config on the same seeds (the twin then still answers the same experiment); otherwise the
 * peer is dropped, and `deno task crosscheck` must run again.
 *
 * @param previous The record on disk before the run, if any.
 * @param next The new run's record.
 * @returns `next`, with the previous peer when it still applies.
 * @example
 * ```ts
 * await writeRecord("results", carryPeer(old, toRecord(outcome, versions())));
 * ```
 */
export function carryPeer(previous: ResultRecord | undefined, next: ResultRecord): ResultRecord {
  const peer = previous?.peer;
  if (!peer || next.peer) return next;
  const same = JSON.stringify(previous.config) === JSON.stringify(next.config) &&
    JSON.stringify(previous.seeds) === JSON.stringify(next.seeds) && previous.scale === next.scale;
  return same ? { ...next, peer } : next;
}

/** How a record's peer stands to the suite's result. */
export type PeerAgreement = "agrees" | "differs" | "no-twin";

/** What {@linkcode peerAgreement} found. */
export interface PeerComparison {
  agreement: PeerAgreement;
  /** Bands both measured. */
  compared: number;
  /** Metrics of the bands the twin and the suite judge differently. */
  differing: string[];
}

/**
 * Whether the twin agrees with the suite: both measured a band's metric and the band holds for
 * both or fails for both, for every band both measured. A band whose metric the twin did not
 * measure (a grid row it did not run) is left out; with no band both measured there is no twin
 * to speak of.
 *
 * For a claim that does not reproduce, agreement reads "report not reproduced in TF.js and
 * PyTorch", a difference "suite and PyTorch differ: suspect the suite".
 *
 * @param record A record, with or without a peer.
 * @returns The agreement, the bands compared and the ones that differ.
 * @example
 * ```ts
 * peerAgreement(record).agreement; // "agrees"
 * ```
 */
export function peerAgreement(record: ResultRecord): PeerComparison {
  const peer = record.peer;
  if (!peer) return { agreement: "no-twin", compared: 0, differing: [] };
  const differing: string[] = [];
  let compared = 0;
  for (const band of record.bands) {
    const twin = peer.bands.find((b) => b.metric === band.metric);
    if (!twin || !Number.isFinite(twin.value) || !(band.metric in peer.metrics)) continue;
    compared++;
    if (twin.pass !== band.pass) differing.push(band.metric);
  }
  if (compared === 0) return { agreement: "no-twin", compared, differing };
  return { agreement: differing.length === 0 ? "agrees" : "differs", compared, differing };
}

/**
 * The agreement in words, for a claim that does not reproduce and for one that does.
 *
 * @param record A record.
 * @returns e.g. `report not reproduced in TF.js and PyTorch`; empty without a twin.
 * @example
 * ```ts
 * peerAgreementText(record); // "suite and PyTorch differ: suspect the suite"
 * ```
 */
export function peerAgreementText(record: ResultRecord): string {
  const { agreement } = peerAgreement(record);
  if (agreement === "no-twin") return "";
  const name = frameworkName(record.peer!.framework);
  if (agreement === "differs") return `suite and ${name} differ: suspect the suite`;
  return record.verdict === "reproduced"
    ? `reproduced in TF.js and ${name}`
    : `report not reproduced in TF.js and ${name}`;
}

function frameworkName(framework: string): string {
  return framework === "pytorch" ? "PyTorch" : framework;
}
