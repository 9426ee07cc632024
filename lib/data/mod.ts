/**
 * Data sets: MNIST, the Santa Fe laser series and the regression CSV, found in `ANNDL_DATA_DIR`
 * or the per-user cache, checked and parsed; the download that fills the cache.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./locate.ts";
export * from "./manifest.ts";
export * from "./sha256.ts";
export * from "./verify.ts";
export * from "./gunzip.ts";
export * from "./idx.ts";
export * from "./mnist.ts";
export * from "./series.ts";
export * from "./santafe.ts";
export * from "./surface.ts";
export * from "./regression.ts";
export * from "./download.ts";
export * from "./download_data.ts";
export * from "./timeseries.ts";
