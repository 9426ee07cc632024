import type { PlanEntry } from "./plan_campaign.ts";

/**
 * The plan as text: one line per claim to run (seeds, kept seeds, estimate and its basis), a line
 * each for the claims that need nothing, and the estimated CPU time of the whole campaign.
 *
 * @param plan The plan, as {@linkcode planCampaign} orders it.
 * @param options The scale and the number of parallel jobs, for the wall-time figure.
 * @returns The text, ending in a newline.
 * @example
 * ```ts
 * console.log(formatPlan(plan, { scale: "full", jobs: 2 }));
 * ```
 */
export function formatPlan(plan: PlanEntry[], options: { scale: string; jobs: number }): string {
  const toRun = plan.filter((e) => e.status === "stale" || e.status === "missing");
  const lines: string[] = [];
  for (const [i, e] of toRun.entries()) {
    const seeds = e.seeds.filter((s) => !e.kept.includes(s));
    const notes = [
      ...e.kept.length ? [`kept ${e.kept.join(",")}`] : [],
      ...e.partly.length ? [`${e.partly.join(",")} partly done`] : [],
    ];
    lines.push(
      `${String(i + 1).padStart(2)}. ${e.claim.padEnd(24)} ${e.status.padEnd(7)} ` +
        `seeds ${seeds.join(",")}${notes.length ? ` (${notes.join("; ")})` : ""} ` +
        `≈ ${e.seconds === undefined ? "unknown" : formatSeconds(e.seconds)}` +
        (e.cost ? ` [${formatSeconds(e.cost.seconds)}/seed from ${e.cost.basis}]` : "") +
        ` — ${e.why.join("; ")}`,
    );
  }
  for (const e of plan.filter((e) => !toRun.includes(e))) {
    lines.push(`    ${e.claim.padEnd(24)} ${e.status.padEnd(7)} ${e.why.join("; ")}`.trimEnd());
  }
  const known = toRun.filter((e) => e.seconds !== undefined);
  const total = known.reduce((sum, e) => sum + e.seconds!, 0);
  const unknown = toRun.length - known.length;
  lines.push(
    toRun.length === 0
      ? `Nothing left to run at ${options.scale} scale`
      : `${toRun.length} claims to run at ${options.scale} scale: estimated CPU time ${
        formatSeconds(total)
      }${unknown ? ` plus ${unknown} of unknown cost` : ""}, wall ≈ ${
        formatSeconds(total / options.jobs)
      } with --jobs ${options.jobs}`,
  );
  return lines.join("\n") + "\n";
}

/**
 * Seconds as `42 s`, `12 min` or `3.4 h`.
 *
 * @param seconds A duration.
 * @returns The text.
 * @example
 * ```ts
 * formatSeconds(5400); // "1.5 h"
 * ```
 */
export function formatSeconds(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
