/**
 * 1.3.5 — the MNIST CNN's size: 34,826 trainable parameters and the layer table's shapes.
 *
 * @module
 */
import { buildMnistCnn } from "../../models/mod.ts";
import { defineClaim, type ScaleSetup } from "../claim.ts";

/** Config of the exact check: nothing to tune, the architecture is fixed. */
export interface CnnParamsConfig {
  /** Batch size used to print shapes; any value gives the same table. */
  batch: number;
}

// The report's layer table (section 1.3.5): output shape per layer and parameter count.
const REPORT_LAYERS = [
  { layer: "conv2d", shape: [26, 26, 32], params: 320 },
  { layer: "max_pooling2d", shape: [13, 13, 32], params: 0 },
  { layer: "conv2d_1", shape: [11, 11, 64], params: 18_496 },
  { layer: "max_pooling2d_1", shape: [5, 5, 64], params: 0 },
  { layer: "flatten", shape: [1600], params: 0 },
  { layer: "dropout", shape: [1600], params: 0 },
  { layer: "dense", shape: [10], params: 16_010 },
] as const;

const exact: ScaleSetup<CnnParamsConfig> = {
  config: { batch: 1 },
  seeds: [0],
  expect: "reproduced",
  bands: [
    {
      metric: "totalParams",
      min: 34_826,
      max: 34_826,
      reportKey: "totalParams",
      why: "exact count",
    },
    { metric: "conv1Params", min: 320, max: 320, reportKey: "conv1Params", why: "3·3·1·32 + 32" },
    {
      metric: "conv2Params",
      min: 18_496,
      max: 18_496,
      reportKey: "conv2Params",
      why: "3·3·32·64 + 64",
    },
    {
      metric: "denseParams",
      min: 16_010,
      max: 16_010,
      reportKey: "denseParams",
      why: "1600·10 + 10",
    },
    {
      metric: "shapeMismatches",
      min: 0,
      max: 0,
      why: "every layer's output shape equals the table's",
    },
  ],
};

/** 1.3.5-cnn-params: the CNN has 34,826 trainable parameters with the table's shapes. */
export const cnnParamsClaim = defineClaim<CnnParamsConfig>({
  id: "1.3.5-cnn-params",
  section: "1.3.5",
  statement: "The MNIST CNN has 34,826 trainable parameters, with the layer table's output shapes",
  report: {
    totalParams: 34_826,
    conv1Params: 320,
    conv2Params: 18_496,
    denseParams: 16_010,
    shapes: "26×26×32, 13×13×32, 11×11×64, 5×5×64, 1600",
  },
  scales: { quick: exact, full: exact },
  run() {
    const model = buildMnistCnn();
    try {
      const rows = model.layers.map((layer, i) => {
        const shape = (layer.outputShape as number[]).slice(1);
        const expected = REPORT_LAYERS[i];
        return {
          layer: layer.name,
          outputShape: shape.join("×"),
          reportShape: expected?.shape.join("×") ?? "—",
          params: layer.countParams(),
          reportParams: expected?.params ?? Number.NaN,
        };
      });
      const paramsOf = (name: string) => rows.find((r) => r.layer.startsWith(name))?.params ?? 0;
      const convs = rows.filter((r) => r.layer.startsWith("conv2d"));
      return Promise.resolve({
        metrics: {
          totalParams: model.countParams(),
          conv1Params: convs[0]?.params ?? 0,
          conv2Params: convs[1]?.params ?? 0,
          denseParams: paramsOf("dense"),
          shapeMismatches: rows.filter((r) =>
            r.outputShape !== r.reportShape || r.params !== r.reportParams
          ).length + Math.abs(rows.length - REPORT_LAYERS.length),
        },
        tables: { layers: rows },
      });
    } finally {
      model.dispose();
    }
  },
});
