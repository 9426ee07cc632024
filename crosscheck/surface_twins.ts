/**
 * The twins of 1.3.3 (optimizers across widths) and 1.3.2 (the optimizers at one width), run by
 * `surface_torch.py`: the suite's optimizer settings are passed to it as data, and its lines
 * carry the suite's metrics by name, one line per seed.
 *
 * @module
 */
import { SURFACE_OPTIMIZERS } from "../lib/claims/ex1/_surface.ts";
import { optimizerOrderings, type OptimizersConfig } from "../lib/claims/ex1/optimizers.ts";
import type { WidthConfig } from "../lib/claims/ex1/width.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const SURFACE_TWIN_SCRIPT = "crosscheck/surface_torch.py";

/** 1.3.3's twin: the five optimizers at each width in torch. */
export const widthTwin: Twin = {
  claim: "1.3.3-width",
  invocations(config, seeds) {
    const c = config as WidthConfig;
    return [[
      SURFACE_TWIN_SCRIPT,
      ...["--optimizers", JSON.stringify(SURFACE_OPTIMIZERS)],
      ...["--widths", c.widths.join(","), "--noise", String(c.noise)],
      ...["--epochs", String(c.epochs), "--log-every", String(c.logEvery)],
      ...["--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the width metrics").map((metrics) => ({ metrics }));
  },
};

/**
 * 1.3.2's twin: the optimizers the config names at its one width, judged by the claim's own
 * orderings (`optimizerOrderings`) of the twin's per-optimizer MSEs.
 */
export const optimizersTwin: Twin = {
  claim: "1.3.2-optimizers",
  invocations(config, seeds) {
    const c = config as OptimizersConfig;
    const optimizers = SURFACE_OPTIMIZERS.filter((o) => c.optimizers.includes(o.name));
    return [[
      SURFACE_TWIN_SCRIPT,
      ...["--optimizers", JSON.stringify(optimizers)],
      ...["--widths", String(c.width), "--noise", String(c.noise)],
      ...["--epochs", String(c.epochs), "--log-every", String(c.logEvery)],
      ...["--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, config, seeds): SeedRun[] {
    const c = config as OptimizersConfig;
    return seedMetrics(lines, seeds, "the optimizer metrics").map((measured) => {
      // A diverged run's MSEs are NaN, so that the orderings' bands fail.
      const at = (kind: string, name: string) =>
        measured[`${kind}:${name}@${c.width}`] ?? Number.NaN;
      const metrics: Record<string, number> = {};
      for (const name of c.optimizers) {
        metrics[`${name}TrainMse`] = at("trainMse", name);
        metrics[`${name}TestMse`] = at("testMse", name);
        metrics[`${name}Seconds`] = at("seconds", name);
      }
      return { metrics: { ...metrics, ...optimizerOrderings(metrics) } };
    });
  },
};
