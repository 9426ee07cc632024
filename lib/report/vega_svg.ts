import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Render a vega-lite spec to an SVG string, headless: no canvas, no network, no DOM; text is
 * measured by vega's built-in estimate.
 *
 * @param spec A vega-lite spec with inline data (`data.values`).
 * @returns The SVG markup, `<svg class="marks" …>…</svg>`.
 * @example
 * ```ts
 * const svg = await renderVegaLite({
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * svg.startsWith("<svg"); // true
 * ```
 */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
