/**
 * The evidence behind a verdict, for the page and the summary: the verdict of each statement of
 * a claim (its band groups), and for a claim that does not reproduce, whether its twin in a
 * second framework agrees ("report not reproduced in TF.js and PyTorch") or not ("suite and
 * PyTorch differ: suspect the suite").
 *
 * @module
 */
import {
  peerAgreement,
  peerAgreementText,
  recordStatements,
  type ResultRecord,
  seedShiftText,
} from "../results/mod.ts";
import type { ClaimView } from "./claim_views.ts";
import { formatBand, formatNumber } from "./_format.ts";
import { escapeHtml as esc } from "./_html.ts";

/** The statement verdicts of a record as stored (see `recordStatements`). */
type Statements = ReturnType<typeof recordStatements>;

/**
 * A claim's statements in words: `reproduced`, `reproduced in part (3 of 4)` or
 * `not reproduced`.
 *
 * @param statements The claim's statement verdicts.
 * @returns The text; empty for a claim without bands.
 * @example
 * ```ts
 * statementsLabel([{ statement: "a", reproduced: true, passed: 1, total: 1, metrics: ["a"] },
 *   { statement: "b", reproduced: false, passed: 0, total: 1, metrics: ["b"] }]);
 * // "reproduced in part (1 of 2)"
 * ```
 */
export function statementsLabel(statements: Statements): string {
  if (statements.length === 0) return "";
  const held = statements.filter((s) => s.reproduced).length;
  if (held === statements.length) return "reproduced";
  if (held === 0) return "not reproduced";
  return `reproduced in part (${held} of ${statements.length})`;
}

/**
 * The statements of a claim of several as an HTML list; nothing for a claim of one statement.
 *
 * @param record A record.
 * @returns HTML, or an empty string.
 * @example
 * ```ts
 * statementsHtml(record); // '<p class="statements"><b>reproduced in part (1 of 2)</b> …'
 * ```
 */
export function statementsHtml(record: ResultRecord): string {
  if (record.verdict === "skipped") return "";
  const statements = recordStatements(record);
  if (statements.length < 2) return "";
  const items = statements.map((s) =>
    `<span class="${s.reproduced ? "pass" : "fail"}">${s.reproduced ? "✓" : "✗"} ${
      esc(s.statement)
    } <small>(${s.passed} of ${s.total} band${s.total === 1 ? "" : "s"})</small></span>`
  );
  return `<p class="statements"><b>${esc(statementsLabel(statements))}</b> ${
    items.join(" · ")
  }</p>`;
}

/**
 * The twin's evidence as HTML: the agreement, the framework and seeds, and each band the suite
 * and the twin measured with both values.
 *
 * @param record A record.
 * @returns HTML, or an empty string for a record without a twin.
 * @example
 * ```ts
 * peerHtml(record); // '<div class="peer"><p><b>report not reproduced in TF.js and PyTorch</b> …'
 * ```
 */
export function peerHtml(record: ResultRecord): string {
  const peer = record.peer;
  if (!peer) return "";
  const comparison = peerAgreement(record);
  const text = peerAgreementText(record) || "the twin measured none of the bands";
  const rows = record.bands.map((band) => {
    const twin = peer.bands.find((b) => b.metric === band.metric);
    const measured = twin && Number.isFinite(twin.value);
    return `<tr class="${comparison.differing.includes(band.metric) ? "fail" : "pass"}">` +
      `<td><code>${esc(band.metric)}</code></td><td class="num">${esc(formatBand(band))}</td>` +
      `<td class="num">${esc(formatNumber(band.value))} ${band.pass ? "✓" : "✗"}</td>` +
      `<td class="num">${
        measured ? `${esc(formatNumber(twin.value))} ${twin.pass ? "✓" : "✗"}` : "not run"
      }</td></tr>`;
  });
  const subset = peer.subset ? ` · ran ${esc(JSON.stringify(peer.subset))}` : "";
  const shift = comparison.agreement === "differs" ? seedShiftText(record) : "";
  const shiftHtml = shift ? `<p class="seed-shift">${esc(shift)}</p>` : "";
  const guardsHeld = peer.guards.filter((g) => g.pass).length;
  const guards = peer.guards.length
    ? ` · ${guardsHeld} of ${peer.guards.length} guards hold for it`
    : "";
  return `<div class="peer agreement-${comparison.agreement}"><p><b>${esc(text)}</b> <small>${
    esc(peer.framework)
  } ${esc(peer.version)} · ${plural(peer.seeds.length, "seed")} (${
    esc(peer.seeds.join(", "))
  })${subset}${guards}</small></p>${shiftHtml}<table class="bands"><thead><tr><th>metric</th>` +
    `<th class="num">band</th>` +
    `<th class="num">TF.js</th><th class="num">${esc(peer.framework)}</th></tr></thead><tbody>${
      rows.join("")
    }</tbody></table></div>`;
}

/**
 * The summary's section on the evidence: per miss (a record not reproduced) whether its twin
 * agrees, the reproduced records whose twin does not reproduce them, and per claim of several
 * statements its statements' verdicts.
 *
 * @param views The claims with their records.
 * @returns Markdown lines, the sections apart by a blank line (none when there is nothing to say).
 * @example
 * ```ts
 * evidenceSummary(claimViews(catalogue, records)).join("\n");
 * ```
 */
export function evidenceSummary(views: readonly ClaimView[]): string[] {
  const misses: string[] = [];
  const doubts: string[] = [];
  const statements: string[] = [];
  for (const view of views) {
    for (const record of view.records) {
      const name = `${record.claim} (${record.scale})`;
      const groups = recordStatements(record);
      if (record.verdict !== "skipped" && groups.length > 1) {
        statements.push(
          `- ${name}: ${statementsLabel(groups)} — ${
            groups.map((s) => `${s.reproduced ? "✓" : "✗"} ${s.statement}`).join(", ")
          }`,
        );
      }
      const agreement = peerAgreement(record);
      const shift = agreement.agreement === "differs" ? seedShiftText(record) : "";
      const twinLine = (text: string) =>
        `- ${name}: ${text} (${record.peer!.framework} ${record.peer!.version}, ${
          plural(record.peer!.seeds.length, "seed")
        }${agreement.differing.length ? `; differs on ${agreement.differing.join(", ")}` : ""})${
          shift ? `; ${shift}` : ""
        }`;
      // A claim reproduced here that its twin does not reproduce is as suspect as a miss.
      if (record.verdict === "reproduced" && agreement.agreement === "differs") {
        doubts.push(twinLine(peerAgreementText(record)));
      }
      if (record.verdict !== "not-reproduced") continue;
      const text = peerAgreementText(record);
      misses.push(text ? twinLine(text) : `- ${name}: no twin run yet`);
    }
  }
  const sections: [string, string[]][] = [
    ["### Misses and their twins", misses],
    ["### Reproduced here, not by the twin", doubts],
    ["### Claims of several statements", statements],
  ];
  return sections.filter(([, lines]) => lines.length > 0)
    .flatMap(([title, lines], i) => [...(i > 0 ? [""] : []), title, "", ...lines]);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
