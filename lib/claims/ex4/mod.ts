/**
 * Exercise 4 — generative models.
 *
 * @module
 */
import type { Claim } from "../claim.ts";
import { dbmClaim } from "./dbm.ts";
import { ganBackboneClaim } from "./gan_backbone.ts";
import { ganLossesClaim } from "./gan_losses.ts";
import { rbmCapacityClaim } from "./rbm_capacity.ts";
import { rbmGibbsClaim } from "./rbm_gibbs.ts";
import { rbmInpaintingClaim } from "./rbm_inpainting.ts";
import { rbmTrainingClaim } from "./rbm_training.ts";
import { vaeClaim } from "./vae.ts";

export {
  dbmClaim,
  ganBackboneClaim,
  ganLossesClaim,
  rbmCapacityClaim,
  rbmGibbsClaim,
  rbmInpaintingClaim,
  rbmTrainingClaim,
  vaeClaim,
};

/** The implemented claims of exercise 4. */
// deno-lint-ignore no-explicit-any
export const EXERCISE_4_CLAIMS: readonly Claim<any>[] = [
  rbmTrainingClaim,
  rbmCapacityClaim,
  rbmGibbsClaim,
  rbmInpaintingClaim,
  dbmClaim,
  ganLossesClaim,
  ganBackboneClaim,
  vaeClaim,
];
