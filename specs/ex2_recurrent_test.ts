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

// Each claim's first seed runs twice at quick scale and must measure the same; a claim whose seed
// costs over 20 s (measured on 2 cores) is left out there, and the few-second ones are
// checked at full scale too.

specClaim(hopfield2dClaim, { rerunAt: ["quick", "full"] });
specClaim(hopfield3dClaim, { rerunAt: ["quick", "full"] });
specClaim(hopfieldDigitsClaim);
specClaim(mlpSantaFeClaim);
specClaim(lstmSantaFeClaim);
specClaim(lstmBeatsMlpClaim);
