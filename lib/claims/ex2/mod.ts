/**
 * Exercise 2 — recurrent networks.
 *
 * @module
 */
import type { Claim } from "../claim.ts";
import { hopfield2dClaim } from "./hopfield_2d.ts";
import { hopfield3dClaim } from "./hopfield_3d.ts";
import { hopfieldDigitsClaim } from "./hopfield_digits.ts";
import { mlpSantaFeClaim } from "./mlp_santafe.ts";
import { lstmSantaFeClaim } from "./lstm_santafe.ts";
import { lstmBeatsMlpClaim } from "./lstm_beats_mlp.ts";

export {
  rowName,
  SANTAFE_READINGS,
  type SantaFeReading,
  type SantaFeRow,
  santaFeRow,
  type SantaFeRowResult,
  type SantaFeTraining,
} from "./_santafe.ts";
export {
  hopfield2dClaim,
  hopfield3dClaim,
  hopfieldDigitsClaim,
  lstmBeatsMlpClaim,
  lstmSantaFeClaim,
  mlpSantaFeClaim,
};

/** The implemented claims of exercise 2. */
// deno-lint-ignore no-explicit-any
export const EXERCISE_2_CLAIMS: readonly Claim<any>[] = [
  hopfield2dClaim,
  hopfield3dClaim,
  hopfieldDigitsClaim,
  mlpSantaFeClaim,
  lstmSantaFeClaim,
  lstmBeatsMlpClaim,
];
