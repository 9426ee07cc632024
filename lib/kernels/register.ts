import * as tf from "@tensorflow/tfjs";
import type { GradConfig, KernelConfig } from "@tensorflow/tfjs-core";
import { saveNativeKernel } from "./_native.ts";
import { batchMatMulConfig } from "./batch_mat_mul.ts";
import { castConfig } from "./cast.ts";
import { clipByValueGradConfig } from "./clip_by_value_grad.ts";
import { conv2dConfig } from "./conv2d.ts";
import { conv2dBackpropFilterConfig } from "./conv2d_backprop_filter.ts";
import { conv2dBackpropInputConfig } from "./conv2d_backprop_input.ts";
import { identityConfig } from "./identity.ts";
import { leakyReluConfig } from "./leaky_relu.ts";
import { maxPoolGradConfig } from "./max_pool_grad.ts";
import {
  leakyReluGradConfig,
  leakyReluGradKernelConfig,
  reluGradConfig,
  reluGradKernelConfig,
} from "./relu_grad.ts";
import { lstmSequenceConfig, lstmSequenceGradConfig } from "./lstm_sequence.ts";
import { layerNormRowsConfig, layerNormRowsGradConfig } from "./layer_norm.ts";
import { geluWithSlopeConfig } from "./gelu.ts";
import { sliceConfig, splitVConfig, unpackConfig } from "./slice.ts";
import { sumConfig } from "./sum.ts";
import { tileConfig } from "./tile.ts";
import { tileGradConfig } from "./tile_grad.ts";

/**
 * The kernels {@linkcode registerWasmTrainingKernels} puts on the wasm backend.
 *
 * @example
 * ```ts
 * WASM_TRAINING_KERNELS.map((k) => k.kernelName); // ["Conv2DBackpropFilter", …]
 * ```
 */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2dConfig,
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  tileConfig,
  sumConfig,
  identityConfig,
  castConfig,
  sliceConfig,
  splitVConfig,
  unpackConfig,
  reluGradKernelConfig,
  leakyReluGradKernelConfig,
  lstmSequenceConfig,
  lstmSequenceGradConfig,
  layerNormRowsConfig,
  layerNormRowsGradConfig,
  geluWithSlopeConfig,
  leakyReluConfig,
];

/**
 * The gradients {@linkcode registerWasmTrainingKernels} replaces (for every backend).
 *
 * @example
 * ```ts
 * TRAINING_GRADIENTS.map((g) => g.kernelName); // ["Tile", "ClipByValue", "Relu", "LeakyRelu"]
 * ```
 */
export const TRAINING_GRADIENTS: readonly GradConfig[] = [
  tileGradConfig,
  clipByValueGradConfig,
  reluGradConfig,
  leakyReluGradConfig,
];

/** tfjs-core's own gradients, kept when {@linkcode registerWasmTrainingKernels} replaces them. */
const coreGradients = new Map<string, GradConfig>();

/**
 * Register the suite's wasm training kernels (idempotent): each replaces the wasm backend's own
 * kernel of that name, which is kept and still called where it is correct and fast. Also replaces
 * the gradients of {@linkcode TRAINING_GRADIENTS}, which serve every backend.
 *
 * The replaced kernels' set-up (binding their wasm functions) runs when the wasm backend starts,
 * so this may run before or after `tf.setBackend("wasm")`.
 *
 * @returns The names of the kernels registered by this call (empty when already registered).
 * @example
 * ```ts
 * registerWasmTrainingKernels();
 * registerWasmTrainingKernels(); // [] — already registered
 * ```
 */
export function registerWasmTrainingKernels(): string[] {
  const registered: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    const current = tf.getKernel(config.kernelName, "wasm");
    if (current?.kernelFunc === config.kernelFunc) continue;
    const native = saveNativeKernel(config.kernelName);
    if (current) tf.unregisterKernel(config.kernelName, "wasm");
    // The native kernel's set-up still has to run: ours call it for the plain cases.
    tf.registerKernel({ ...config, setupFunc: native?.setupFunc });
    registered.push(config.kernelName);
  }
  for (const config of TRAINING_GRADIENTS) {
    const current = tf.getGradient(config.kernelName);
    if (current?.gradFunc === config.gradFunc) continue;
    if (current && !coreGradients.has(config.kernelName)) {
      coreGradients.set(config.kernelName, current);
    }
    tf.registerGradient(config); // replaces tfjs-core's entry
    registered.push(`${config.kernelName} gradient`);
  }
  return registered;
}

/**
 * Undo {@linkcode registerWasmTrainingKernels}: put back tfjs-backend-wasm's own kernels and
 * tfjs-core's own gradients (for measuring what the suite's kernels change; 4.22's wasm backend
 * cannot train conv models without them).
 *
 * @returns The names of the kernels and gradients put back.
 * @example
 * ```ts
 * registerWasmTrainingKernels();
 * unregisterWasmTrainingKernels(); // ["Conv2DBackpropInput", …]
 * ```
 */
export function unregisterWasmTrainingKernels(): string[] {
  const restored: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(config.kernelName, "wasm")?.kernelFunc !== config.kernelFunc) continue;
    tf.unregisterKernel(config.kernelName, "wasm");
    const native = saveNativeKernel(config.kernelName);
    if (native) tf.registerKernel(native);
    restored.push(config.kernelName);
  }
  for (const config of TRAINING_GRADIENTS) {
    const core = coreGradients.get(config.kernelName);
    if (tf.getGradient(config.kernelName)?.gradFunc !== config.gradFunc || !core) continue;
    tf.registerGradient(core);
    restored.push(`${config.kernelName} gradient`);
  }
  return restored;
}
