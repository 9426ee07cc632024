import { withSeed } from "../backend/mod.ts";
import type { Claim, RunContext, SeedRun } from "./claim.ts";

/**
 * One seed's run of a claim, with `Math.random` seeded by it: what {@linkcode runClaim} does per
 * seed, in this thread or in a seed worker.
 *
 * @param claim The claim.
 * @param config Its config.
 * @param ctx The seed, scale, backend and the rest of the run's context.
 * @returns What the seed's run measured.
 * @example
 * ```ts
 * const run = await runSeed(convOutputClaim, convOutputClaim.scales.quick.config, {
 *   seed: 0,
 *   scale: "quick",
 *   backend: activeBackend(),
 * });
 * ```
 */
export function runSeed<C>(claim: Claim<C>, config: C, ctx: RunContext): Promise<SeedRun> {
  return withSeed(ctx.seed, () => claim.run(config, ctx));
}
