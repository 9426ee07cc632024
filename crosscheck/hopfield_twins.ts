/**
 * The twin of 2.1.2 (3-neuron Hopfield network), run by `hopfield_torch.py`: its lines carry the
 * suite's metrics by name, one line per seed.
 *
 * @module
 */
import type { Hopfield3dConfig } from "../lib/claims/ex2/hopfield_3d.ts";
import type { SeedRun } from "../lib/claims/mod.ts";
import { seedMetrics, type Twin, TwinError } from "./twin.ts";

/** The twin script, relative to the repository root. */
export const HOPFIELD_TWIN_SCRIPT = "crosscheck/hopfield_torch.py";

/** 2.1.2's twin: the course's design and synchronous update in torch. */
export const hopfield3dTwin: Twin = {
  claim: "2.1.2-hopfield-3d",
  invocations(config, seeds) {
    const c = config as Hopfield3dConfig;
    if (c.mode !== "sync" || c.rule !== "lmp") {
      throw new TwinError(
        `The Hopfield twin runs the course default (sync, lmp): got ${c.mode}, ${c.rule}`,
      );
    }
    return [[
      HOPFIELD_TWIN_SCRIPT,
      ...["--starts", String(c.starts), "--group-size", String(c.groupSize)],
      ...["--tolerance", String(c.tolerance), "--max-iterations", String(c.maxIterations)],
      ...["--repeats", String(c.repeats), "--seeds", seeds.join(",")],
    ]];
  },
  restrict: (config) => ({ config, subset: null }),
  seedRuns(lines, _config, seeds): SeedRun[] {
    return seedMetrics(lines, seeds, "the Hopfield metrics").map((metrics) => ({ metrics }));
  },
};
