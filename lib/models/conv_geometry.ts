/**
 * Output length of a convolution along one axis: ⌊(n + 2p − k) / s⌋ + 1.
 *
 * @param n Input length.
 * @param k Kernel length.
 * @param p Zero padding on each side.
 * @param s Stride.
 * @returns The output length.
 * @example
 * ```ts
 * convOutputSize(4, 2, 0, 2); // 2
 * ```
 */
export function convOutputSize(n: number, k: number, p: number, s: number): number {
  if (s < 1 || k < 1 || n + 2 * p < k) {
    throw new RangeError(`No valid convolution for n=${n}, k=${k}, p=${p}, s=${s}`);
  }
  return Math.floor((n + 2 * p - k) / s) + 1;
}
