/**
 * The twin of 4.2-gan-backbone (vanilla against CNN-backbone GAN), run by `gan_torch.py`: its
 * lines carry the suite's metrics by name, one line per seed.
 *
 * @module
 */
import type { GanBackboneConfig } from "../lib/claims/ex4/gan_backbone.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const GAN_TWIN_SCRIPT = "crosscheck/gan_torch.py";

/** 4.2-gan-backbone's twin: both GANs' training, sampling and interpolation in torch. */
export const ganBackboneTwin: Twin = {
  claim: "4.2-gan-backbone",
  invocations(config, seeds) {
    const c = config as GanBackboneConfig;
    return [[
      GAN_TWIN_SCRIPT,
      ...["--train-images", String(c.trainImages), "--batch-size", String(c.batchSize)],
      ...["--epochs", String(c.epochs), "--lr", String(c.learningRate)],
      ...["--latent", String(c.latent), "--generator-widths", c.generatorWidths.join(",")],
      ...["--discriminator-widths", c.discriminatorWidths.join(",")],
      ...["--cnn-generator-widths", c.cnnGeneratorWidths.join(",")],
      ...["--cnn-discriminator-widths", c.cnnDiscriminatorWidths.join(",")],
      ...["--samples", String(c.samples), "--pairs", String(c.pairs)],
      ...["--frames", String(c.frames), "--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the GAN metrics").map((metrics) => ({ metrics }));
  },
};
