/**
 * Fit loops, early stopping, evaluation and the lean training step (`trainStep`).
 *
 * @module
 */
export * from "./errors.ts";
export * from "./fit.ts";
export * from "./image_metrics.ts";
export * from "./model_state.ts";
export * from "./png_grid.ts";
export * from "./reference_classifier.ts";
export * from "./closed_loop.ts";
export * from "./thread_cpu.ts";
export * from "./timeseries_cv.ts";
export * from "./train_step.ts";
