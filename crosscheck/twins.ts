/**
 * The claims that have a twin, by id.
 *
 * @module
 */
import { cnnOptimizersTwin } from "./cnn_optimizers_twins.ts";
import { cnnVariantsTwin } from "./cnn_variants_twins.ts";
import { dbmTwin } from "./dbm_twins.ts";
import { ganBackboneTwin } from "./gan_twins.ts";
import { hopfield3dTwin } from "./hopfield_twins.ts";
import { lstmBeatsMlpTwin, lstmSantaFeTwin, mlpSantaFeTwin } from "./santafe_twins.ts";
import { stackedAeTwin } from "./stacked_ae_twins.ts";
import { optimizersTwin, widthTwin } from "./surface_twins.ts";
import type { Twin } from "./twin.ts";
import { vitTwin } from "./vit_twins.ts";

/** Every twin, by claim id. */
export const TWINS: ReadonlyMap<string, Twin> = new Map(
  [
    optimizersTwin,
    widthTwin,
    cnnOptimizersTwin,
    hopfield3dTwin,
    mlpSantaFeTwin,
    lstmSantaFeTwin,
    lstmBeatsMlpTwin,
    stackedAeTwin,
    cnnVariantsTwin,
    vitTwin,
    dbmTwin,
    ganBackboneTwin,
  ].map((twin) => [twin.claim, twin]),
);
