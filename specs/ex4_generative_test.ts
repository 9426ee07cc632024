/**
 * Exercise 4 — generative models: the RBM, the DBM, the GAN and the VAE on MNIST, judged by the
 * reference classifier (the report's MNIST CNN) and the image metrics of
 * lib/training/image_metrics.ts:
 *
 * - class entropy: Shannon entropy (bits) of the classifier's class histogram over generated
 *   images, 0 for one digit, log₂ 10 ≈ 3.32 for all ten equally often;
 * - pixel distance: root-mean-square difference of two images in [0, 1];
 * - sharpness: ink-weighted contrast Σ x·|2x − 1| / Σ x, 1 for a black-and-white digit, lower
 *   when blur turns stroke edges grey.
 *
 * Each claim file states how its metrics use these and why its bands are what they are. The
 * image grids each claim is about are written next to its record under `images/<claim>/`.
 *
 * @module
 */
import {
  dbmClaim,
  ganBackboneClaim,
  ganLossesClaim,
  rbmCapacityClaim,
  rbmGibbsClaim,
  rbmInpaintingClaim,
  rbmTrainingClaim,
  vaeClaim,
} from "../lib/claims/ex4/mod.ts";
import { specClaim } from "./_spec.ts";

// Each claim's first seed runs twice at quick scale and must measure the same; a claim whose seed
// costs over 20 s (measured on 2 cores) is left out there, and the few-second ones are
// checked at full scale too.

specClaim(rbmTrainingClaim);
specClaim(rbmCapacityClaim);
specClaim(rbmGibbsClaim);
specClaim(rbmInpaintingClaim);
specClaim(dbmClaim, { rerunAt: [], why: "about 40 s a seed" });
specClaim(ganLossesClaim, { rerunAt: [], why: "about 30 s a seed" });
specClaim(ganBackboneClaim, { rerunAt: [], why: "about 90 s a seed" });
specClaim(vaeClaim, { rerunAt: [], why: "about 30 s a seed" });
