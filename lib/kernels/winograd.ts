/**
 * When the convolution kernels of this folder take the Winograd F(2×2, 3×3) path of
 * `asm/kernels.ts` (`winogradConv2d`, `winogradFilterGrad`): 3×3 windows, stride 1, no dilation,
 * both channel counts multiples of 4 and at least {@link WINOGRAD_MIN_CHANNELS}. It does 16
 * multiplies per 2×2 output tile and channel pair where the im2col GEMM does 36; its transforms
 * are additions. `ANNDL_WINOGRAD=off` turns it off, for measuring.
 *
 * @module
 */

/**
 * Fewest channels on either side: the GEMMs' inner dimension (input channels) or output width
 * is the channel count, and the MNIST CNN's first layer (one input channel) is faster through
 * the small-window kernels.
 */
export const WINOGRAD_MIN_CHANNELS = 16;

/** A convolution's window, stride and channels, as the Winograd path sees them. */
export interface WinogradShape {
  /** Filter height and width. */
  fh: number;
  fw: number;
  /** Strides. */
  sh: number;
  sw: number;
  /** The convolution's input and output channels. */
  cin: number;
  cout: number;
}

/**
 * Whether the Winograd path computes a convolution of this shape.
 *
 * @param shape The window, stride and channels.
 * @returns True for 3×3, stride 1, channels fit for the GEMMs, unless `ANNDL_WINOGRAD=off`.
 * @example
 * ```ts
 * winogradApplies({ fh: 3, fw: 3, sh: 1, sw: 1, cin: 32, cout: 64 }); // true
 * winogradApplies({ fh: 3, fw: 3, sh: 1, sw: 1, cin: 1, cout: 32 }); // false
 * ```
 */
export function winogradApplies(shape: WinogradShape): boolean {
  const { fh, fw, sh, sw, cin, cout } = shape;
  const channels = (c: number) => c % 4 === 0 && c >= WINOGRAD_MIN_CHANNELS;
  return fh === 3 && fw === 3 && sh === 1 && sw === 1 && channels(cin) && channels(cout) &&
    winogradEnabled();
}

/** The path set by {@linkcode useWinograd}; undefined: as `ANNDL_WINOGRAD` says, read once. */
let chosen: boolean | undefined;

/**
 * Take the Winograd path (true) or im2col (false) from the next call on, whatever
 * `ANNDL_WINOGRAD` says (undefined: as it says). For measuring both paths in one process.
 *
 * @param on The path, or undefined.
 */
export function useWinograd(on: boolean | undefined): void {
  chosen = on;
}

/** False when `ANNDL_WINOGRAD=off` or {@linkcode useWinograd}`(false)`. */
function winogradEnabled(): boolean {
  if (chosen === undefined) {
    const value = Deno.env.get("ANNDL_WINOGRAD") ?? "on";
    if (value !== "on" && value !== "off") {
      throw new Error(`ANNDL_WINOGRAD must be on or off: got '${value}'`);
    }
    chosen = value === "on";
  }
  return chosen;
}
