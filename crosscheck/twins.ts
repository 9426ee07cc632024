/**
 * The claims that have a twin, by id.
 *
 * @module
 */
import { lstmBeatsMlpTwin, lstmSantaFeTwin, mlpSantaFeTwin } from "./santafe_twins.ts";
import type { Twin } from "./twin.ts";

/** Every twin, by claim id. */
export const TWINS: ReadonlyMap<string, Twin> = new Map(
  [mlpSantaFeTwin, lstmSantaFeTwin, lstmBeatsMlpTwin].map((twin) => [twin.claim, twin]),
);
