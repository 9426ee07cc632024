import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import {
  forceSimdMode,
  instantiateSimd,
  requestedSimdMode,
  type SimdExports,
  simdKernels,
  type SimdMode,
} from "./_simd.ts";

export type { SimdExports, SimdMode };

/**
 * Choose which build of the suite's SIMD kernels (`asm/kernels.ts`) the wasm kernels of this
 * folder use from the next call on: `relaxed` (fused multiply-add, the default where V8 validates
 * it, else plain), `plain` (128-bit SIMD, multiply then add), or `off` (their earlier paths through
 * XNNPACK and JavaScript loops). Without a call, `ANNDL_SIMD` decides. For measuring one against
 * the other in one process.
 *
 * @param mode The build, or undefined to follow `ANNDL_SIMD` again.
 * @example
 * ```ts
 * useSimdKernels("off"); // the kernels before the SIMD builds, for a before/after measurement
 * useSimdKernels(undefined);
 * ```
 */
export function useSimdKernels(mode: SimdMode | undefined): void {
  forceSimdMode(mode);
}

/**
 * The build the active wasm backend's kernels run now (`off` on another backend).
 *
 * @returns The build.
 * @example
 * ```ts
 * await initBackend("wasm");
 * simdKernelMode(); // "relaxed" in Deno 2.9
 * ```
 */
export function simdKernelMode(): SimdMode {
  if (tf.getBackend() !== "wasm" || requestedSimdMode() === "off") return "off";
  return simdKernels(tf.backend() as BackendWasm)?.mode ?? "off";
}

/**
 * The kernels of one build on a memory of their own, without a backend (for microbenchmarks).
 *
 * @param memory The memory the module imports; pointers are byte offsets into it.
 * @param mode The build.
 * @returns The exports, or undefined when this V8 does not validate that build.
 * @example
 * ```ts
 * const simd = simdKernelsOn(new WebAssembly.Memory({ initial: 16 }), "relaxed");
 * simd?.peak(1_000_000, 0);
 * ```
 */
export function simdKernelsOn(
  memory: WebAssembly.Memory,
  mode: "relaxed" | "plain",
): SimdExports | undefined {
  return instantiateSimd(memory, mode);
}
