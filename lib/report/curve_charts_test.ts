import assert from "node:assert/strict";
import { curveCharts, renderVegaLite } from "./mod.ts";

Deno.test("curveCharts() groups by prefix before / and by train/val/test prefixes", () => {
  const charts = curveCharts({
    trainLoss: [[1, 0.5]],
    "santaFe/actual": [[1, 2, 3]],
    valLoss: [[1.2, 0.7]],
    "santaFe/predicted": [[1, 2, 4]],
    energy: [[3, 2, 1]],
  });
  assert.deepEqual(charts.map((c) => [c.title, c.curves]), [
    ["loss", ["trainLoss", "valLoss"]],
    ["santaFe", ["santaFe/actual", "santaFe/predicted"]],
    ["energy", ["energy"]],
  ]);
});

Deno.test("curveCharts() draws the seed mean with a min–max band over unequal lengths", () => {
  const [chart] = curveCharts({ "loss/adam": [[1, 3, 5], [3, 5]] });
  const spec = chart.spec as unknown as { data: { values: unknown[] }; layer: unknown[] };
  assert.deepEqual(spec.data.values, [
    { step: 1, series: "adam", mean: 2, lo: 1, hi: 3 },
    { step: 2, series: "adam", mean: 4, lo: 3, hi: 5 },
    { step: 3, series: "adam", mean: 5, lo: 5, hi: 5 },
  ]);
  assert.equal(spec.layer.length, 2);
});

Deno.test("curveCharts() thins long series and drops non-finite points", () => {
  const long = Array.from({ length: 2500 }, (_, i) => 1 / (i + 1));
  const [chart] = curveCharts({ loss: [long], empty: [[]] } as Record<string, number[][]>);
  const values = (chart.spec as unknown as { data: { values: unknown[] } }).data.values;
  assert.ok(values.length <= 400, `${values.length} points`);
  assert.equal(curveCharts({ nan: [[null as unknown as number]] }).length, 0);
});

Deno.test("renderVegaLite() renders a curve chart to SVG with drawn line marks", async () => {
  const [chart] = curveCharts({ trainLoss: [[1, 0.5, 0.25]], valLoss: [[1.1, 0.6, 0.4]] });
  const svg = await renderVegaLite(chart.spec);
  assert.match(svg, /^<svg [^>]*class="marks"/);
  assert.match(svg, /class="mark-line role-mark[^"]*"[^>]*><path [^>]*d="M[0-9]/);
  assert.ok(svg.includes(">trainLoss<") && svg.includes(">valLoss<"), "legend names the curves");
});

Deno.test("curveCharts() groups by the first word and draws x and y as a state-plane path", () => {
  const charts = curveCharts({
    "energy [-0.23, 0.33]": [[-0.1, -0.5, -1]],
    "x [-0.23, 0.33]": [[-0.23, -0.6, -1]],
    "y [-0.23, 0.33]": [[0.33, 0.8, 1]],
    "energy [-0.83, 0.11]": [[-0.3, -1]],
    "x [-0.83, 0.11]": [[-0.83, -1]],
    "y [-0.83, 0.11]": [[0.11, 1]],
  });
  assert.deepEqual(charts.map((c) => c.title), ["energy", "state plane (x, y)"]);
  assert.deepEqual(charts[0].curves, ["energy [-0.23, 0.33]", "energy [-0.83, 0.11]"]);
  const values = (charts[1].spec as unknown as { data: { values: unknown[] } }).data.values;
  assert.deepEqual(values.slice(0, 3), [
    { step: 1, series: "[-0.23, 0.33]", x: -0.23, y: 0.33, end: "start" },
    { step: 2, series: "[-0.23, 0.33]", x: -0.6, y: 0.8, end: "" },
    { step: 3, series: "[-0.23, 0.33]", x: -1, y: 1, end: "end" },
  ]);
});
