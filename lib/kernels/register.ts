/**
 * Register the suite's wasm training kernels (idempotent).
 *
 * @example
 * ```ts
 * registerWasmTrainingKernels();
 * ```
 */
export function registerWasmTrainingKernels(): void {
  // Filled by the kernel modules of this folder.
}
