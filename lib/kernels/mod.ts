/**
 * Training kernels for the wasm backend that tfjs-backend-wasm 4.22 lacks or gets wrong, and
 * their registration (`registerWasmTrainingKernels`, run by `initBackend`).
 *
 * @module
 */
export * from "./register.ts";
export * from "./conv2d.ts";
export * from "./conv2d_backprop_filter.ts";
export * from "./conv2d_backprop_input.ts";
export * from "./max_pool_grad.ts";
export * from "./batch_mat_mul.ts";
export * from "./tile.ts";
export * from "./tile_grad.ts";
export * from "./sum.ts";
export * from "./slice.ts";
export * from "./identity.ts";
export * from "./cast.ts";
export * from "./clip_by_value_grad.ts";
export * from "./fused_adam.ts";
export * from "./simd_kernels.ts";
export * from "./lstm_sequence.ts";
export * from "./relu_grad.ts";
export * from "./layer_norm.ts";
export * from "./gelu.ts";
