/**
 * Exercise 2 — recurrent networks: Hopfield attractors and Santa Fe laser prediction.
 *
 * @module
 */
import {
  hopfield2dClaim,
  hopfield3dClaim,
  hopfieldDigitsClaim,
  lstmBeatsMlpClaim,
  lstmSantaFeClaim,
  mlpSantaFeClaim,
} from "../lib/claims/ex2/mod.ts";
import { specClaim } from "./_spec.ts";

specClaim(hopfield2dClaim);
specClaim(hopfield3dClaim);
specClaim(hopfieldDigitsClaim);
specClaim(mlpSantaFeClaim);
specClaim(lstmSantaFeClaim);
specClaim(lstmBeatsMlpClaim);
