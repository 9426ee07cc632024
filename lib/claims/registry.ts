import type { Claim } from "./claim.ts";
import { CATALOGUE } from "./catalogue.ts";
import { EXERCISE_1_CLAIMS } from "./ex1/mod.ts";
import { EXERCISE_2_CLAIMS } from "./ex2/mod.ts";
import { EXERCISE_3_CLAIMS } from "./ex3/mod.ts";
import { EXERCISE_4_CLAIMS } from "./ex4/mod.ts";

// deno-lint-ignore no-explicit-any
type AnyClaim = Claim<any>;

/** Every implemented claim, in report order. */
export const CLAIMS: readonly AnyClaim[] = sortByCatalogue([
  ...EXERCISE_1_CLAIMS,
  ...EXERCISE_2_CLAIMS,
  ...EXERCISE_3_CLAIMS,
  ...EXERCISE_4_CLAIMS,
] as AnyClaim[]);

/**
 * The implemented claim with this id, or undefined.
 *
 * @param id A claim id.
 * @returns The claim.
 * @example
 * ```ts
 * findClaim("3.3-attention")?.section; // "3.3"
 * ```
 */
export function findClaim(id: string): AnyClaim | undefined {
  return CLAIMS.find((claim) => claim.id === id);
}

function sortByCatalogue(claims: AnyClaim[]): AnyClaim[] {
  const order = (id: string) => {
    const index = CATALOGUE.findIndex((entry) => entry.id === id);
    if (index < 0) throw new Error(`Claim ${id} is not in the catalogue of claims.md`);
    return index;
  };
  return claims.sort((a, b) => order(a.id) - order(b.id));
}
