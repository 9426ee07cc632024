import * as tf from "@tensorflow/tfjs";

/**
 * Versions a result record carries so a reader knows what produced it.
 *
 * @returns Deno, V8, TypeScript and TF.js versions.
 * @example
 * ```ts
 * versions().tfjs; // "4.22.0"
 * ```
 */
export function versions(): Record<string, string> {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    tfjs: tf.version.tfjs,
  };
}
