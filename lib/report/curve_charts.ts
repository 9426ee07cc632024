import type { TopLevelSpec } from "vega-lite";
import type { ResultRecord } from "../results/mod.ts";

/** One chart of a record's curves: a title and the vega-lite spec that draws it. */
export interface CurveChart {
  /** The chart's title: the curves' common group name. */
  title: string;
  /** The curve names drawn, in record order. */
  curves: string[];
  /** A vega-lite spec with inline data. */
  spec: TopLevelSpec;
}

/** Series longer than this are thinned to keep the page small; a curve's shape survives. */
const MAX_POINTS = 400;

/** Colour-blind-safe categorical palette (Tableau 10). */
const PALETTE = "tableau10";

/**
 * Group a record's curves into charts and write a vega-lite spec per chart.
 *
 * Curves named `group/series` or `group series` (first word, then a space) share the chart
 * `group`: `santaFe/predicted` and `santaFe/actual`, or `energy [-0.23, 0.33]` and
 * `energy [-0.83, 0.11]`. Other names share a chart with names that differ only by a `train`,
 * `val`, `validation` or `test` prefix (`trainLoss` and `valLoss` share the chart `loss`). Each
 * series draws its mean over seeds as a line and, with several seeds, the seeds' min–max as a
 * shaded band; a positive series spanning more than three decades gets a log axis. The groups
 * `x` and `y` with the same series names are drawn together as trajectories in the (x, y) state
 * plane, starting at a hollow and ending at a filled point.
 *
 * @param curves A record's curves: name to one series per seed.
 * @returns One chart per group, in order of first appearance.
 * @example
 * ```ts
 * const charts = curveCharts({ trainLoss: [[1, 0.5]], valLoss: [[1.2, 0.7]] });
 * charts[0].title; // "loss"
 * ```
 */
export function curveCharts(curves: ResultRecord["curves"]): CurveChart[] {
  const groups = new Map<string, { title: string; names: string[] }>();
  for (const name of Object.keys(curves)) {
    const { group, title } = groupOf(name);
    const found = groups.get(group) ?? { title, names: [] };
    found.names.push(name);
    groups.set(group, found);
  }
  const planeX = groups.get("/x");
  const planeY = groups.get("/y");
  const plane = planeX && planeY ? trajectoryChart(curves, planeX.names, planeY.names) : undefined;
  const charts: CurveChart[] = [];
  for (const [group, { title, names }] of groups) {
    if (plane && (group === "/x" || group === "/y")) {
      if (group === "/x") charts.push(plane);
      continue;
    }
    const rows = names.flatMap((name) => seriesRows(labelOf(name), curves[name]));
    if (rows.length === 0) continue;
    charts.push({ title, curves: names, spec: chartSpec(title, rows, names.length) });
  }
  return charts;
}

interface Row {
  step: number;
  series: string;
  mean: number;
  lo: number;
  hi: number;
}

function groupOf(name: string): { group: string; title: string } {
  const cut = splitAt(name);
  if (cut > 0) return { group: `/${name.slice(0, cut)}`, title: name.slice(0, cut) };
  const stripped = name.replace(/^(train|training|val|validation|test)(?=[A-Z_])_?/, "");
  const title = stripped.charAt(0).toLowerCase() + stripped.slice(1);
  return { group: title.toLowerCase(), title };
}

function labelOf(name: string): string {
  const cut = splitAt(name);
  return cut > 0 ? name.slice(cut + 1) : name;
}

/** Where a name splits into group and series: its first `/`, else its first space. */
function splitAt(name: string): number {
  const slash = name.indexOf("/");
  return slash > 0 ? slash : name.indexOf(" ");
}

interface PlanePoint {
  step: number;
  series: string;
  x: number;
  y: number;
  end: "start" | "end" | "";
}

/** Trajectories in the (x, y) plane from the curves `x <series>` and `y <series>`, seed means. */
function trajectoryChart(
  curves: ResultRecord["curves"],
  xs: string[],
  ys: string[],
): CurveChart | undefined {
  const points: PlanePoint[] = [];
  const used: string[] = [];
  for (const xName of xs) {
    const label = labelOf(xName);
    const yName = ys.find((name) => labelOf(name) === label);
    if (!yName) continue;
    const x = seriesRows(label, curves[xName]);
    const y = new Map(seriesRows(label, curves[yName]).map((r) => [r.step, r.mean]));
    const pairs = x.filter((r) => y.has(r.step));
    pairs.forEach((r, i) =>
      points.push({
        step: r.step,
        series: label,
        x: r.mean,
        y: y.get(r.step)!,
        end: i === 0 ? "start" : i === pairs.length - 1 ? "end" : "",
      })
    );
    used.push(xName, yName);
  }
  if (points.length === 0) return undefined;
  const seriesCount = used.length / 2;
  const color = colorEncoding(seriesCount);
  const axis = (field: "x" | "y") => ({
    field,
    type: "quantitative" as const,
    title: field,
    scale: { zero: false, nice: true },
  });
  const spec = {
    ...frame(),
    data: { values: points },
    layer: [
      {
        mark: { type: "line", strokeWidth: 1.6, point: false },
        encoding: { x: axis("x"), y: axis("y"), order: { field: "step" }, color },
      },
      {
        transform: [{ filter: "datum.end !== ''" }],
        mark: { type: "point", size: 36, strokeWidth: 1.5 },
        encoding: {
          x: axis("x"),
          y: axis("y"),
          color,
          fill: {
            condition: { test: "datum.end === 'end'", field: "series", type: "nominal" },
            value: "white",
          },
        },
      },
    ],
  } as unknown as TopLevelSpec;
  return { title: "state plane (x, y)", curves: used, spec };
}

/** Mean and min–max over seeds at each step; seeds may differ in length (early stopping). */
function seriesRows(label: string, perSeed: (number | null)[][]): Row[] {
  const length = Math.max(0, ...perSeed.map((s) => s.length));
  const stride = Math.max(1, Math.ceil(length / MAX_POINTS));
  const rows: Row[] = [];
  for (let i = 0; i < length; i += stride) {
    const values = perSeed.map((s) => s[i]).filter((v): v is number =>
      typeof v === "number" && Number.isFinite(v)
    );
    if (values.length === 0) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    rows.push({
      step: i + 1,
      series: label,
      mean,
      lo: Math.min(...values),
      hi: Math.max(...values),
    });
  }
  return rows;
}

function chartSpec(title: string, rows: Row[], seriesCount: number): TopLevelSpec {
  const low = Math.min(...rows.map((r) => r.lo));
  const high = Math.max(...rows.map((r) => r.hi));
  const logScale = low > 0 && high / low > 1e3;
  const spread = rows.some((r) => r.hi > r.lo);
  const y = {
    type: "quantitative" as const,
    title,
    scale: logScale ? { type: "log" as const } : { zero: false },
    ...(logScale ? { axis: { format: "~e" } } : {}),
  };
  const color = colorEncoding(seriesCount);
  const x = {
    field: "step",
    type: "quantitative" as const,
    title: "step",
    axis: { tickMinStep: 1, format: "~d" },
  };
  const layers: unknown[] = [];
  if (spread) {
    layers.push({
      mark: { type: "area", opacity: 0.18 },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
    });
  }
  layers.push({
    mark: { type: "line", strokeWidth: 1.6, interpolate: "linear" },
    encoding: { x, y: { ...y, field: "mean" }, color },
  });
  return { ...frame(), data: { values: rows }, layer: layers } as unknown as TopLevelSpec;
}

/** Colour by series; a legend on top for a few series, on the right for many. */
function colorEncoding(seriesCount: number) {
  const many = seriesCount > 5;
  return {
    field: "series",
    type: "nominal" as const,
    title: null,
    sort: null,
    scale: { scheme: seriesCount > 10 ? "tableau20" : PALETTE },
    legend: seriesCount <= 1
      ? null
      : many
      ? { orient: "right" as const, columns: seriesCount > 12 ? 2 : 1 }
      : { orient: "top" as const, direction: "horizontal" as const },
  };
}

/** Size, background and type shared by every chart of the page. */
function frame() {
  return {
    width: 360,
    height: 170,
    background: "transparent",
    config: {
      font: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
      view: { stroke: null },
      axis: {
        labelFontSize: 10,
        titleFontSize: 11,
        titleFontWeight: 500,
        titleColor: "#444",
        labelColor: "#555",
        gridColor: "#eee",
        domainColor: "#999",
        tickColor: "#999",
      },
      legend: {
        labelFontSize: 10.5,
        labelLimit: 180,
        symbolType: "stroke",
        symbolStrokeWidth: 2.5,
        symbolOpacity: 1,
        symbolSize: 120,
      },
    },
  };
}
