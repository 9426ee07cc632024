import * as tf from "@tensorflow/tfjs";
import { encode } from "fast-png";
import { dirname } from "node:path";

/** Options of {@linkcode encodePngGrid} and {@linkcode writePngGrid}. */
export interface PngGridOptions {
  /**
   * Tiles per row.
   * @default ⌈√n⌉
   */
  columns?: number;
  /**
   * Pixels of background between tiles and around the grid.
   * @default 1
   */
  padding?: number;
  /**
   * How values become grey levels: `"unit"` maps [0, 1] to black..white (clipping outside);
   * `"each"` stretches every tile's own min..max to black..white, as filter plots do.
   * @default "unit"
   */
  scaling?: "unit" | "each";
  /**
   * Each tile is drawn `zoom`×`zoom` pixels per value.
   * @default 1
   */
  zoom?: number;
}

/**
 * Lay `count` square greyscale tiles out in a grid and encode it as an 8-bit greyscale PNG.
 *
 * @param pixels `count·side²` values, tile after tile, each row-major.
 * @param count Number of tiles.
 * @param options Columns, padding, scaling, zoom.
 * @returns The PNG file's bytes.
 * @example
 * ```ts
 * const png = encodePngGrid(new Float32Array(2 * 4), 2, { columns: 2 }); // two 2×2 tiles
 * png.slice(1, 4); // "PNG" in ASCII
 * ```
 */
export function encodePngGrid(
  pixels: ArrayLike<number>,
  count: number,
  options: PngGridOptions = {},
): Uint8Array {
  const side = Math.round(Math.sqrt(pixels.length / count));
  if (!Number.isInteger(count) || count < 1 || side * side * count !== pixels.length) {
    throw new RangeError(
      `Pixels must hold ${count} square tiles: got ${pixels.length} values for ${count} tiles`,
    );
  }
  const columns = options.columns ?? Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const pad = options.padding ?? 1;
  const zoom = options.zoom ?? 1;
  const tile = side * zoom;
  const width = columns * (tile + pad) + pad;
  const height = rows * (tile + pad) + pad;
  const data = new Uint8Array(width * height).fill(64);
  for (let t = 0; t < count; t++) {
    const offset = t * side * side;
    let low = 0;
    let high = 1;
    if (options.scaling === "each") {
      low = Infinity;
      high = -Infinity;
      for (let p = 0; p < side * side; p++) {
        low = Math.min(low, pixels[offset + p]);
        high = Math.max(high, pixels[offset + p]);
      }
      if (high <= low) high = low + 1;
    }
    const top = pad + Math.floor(t / columns) * (tile + pad);
    const left = pad + (t % columns) * (tile + pad);
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const value = pixels[offset + Math.floor(y / zoom) * side + Math.floor(x / zoom)];
        const grey = Math.round(255 * Math.min(1, Math.max(0, (value - low) / (high - low))));
        data[(top + y) * width + left + x] = grey;
      }
    }
  }
  return encode({ width, height, data, channels: 1, depth: 8 });
}

/**
 * Write images as one PNG grid, creating the folder when needed.
 *
 * @param path The PNG file to write.
 * @param images `[n, side, side, 1]` or `[n, side²]`; not disposed.
 * @param options Columns, padding, scaling, zoom.
 * @returns The number of bytes written.
 * @example
 * ```ts
 * await writePngGrid("results/quick/images/samples.png", samples, { columns: 10 });
 * ```
 */
export async function writePngGrid(
  path: string,
  images: tf.Tensor,
  options: PngGridOptions = {},
): Promise<number> {
  const png = encodePngGrid(await images.data(), images.shape[0], options);
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeFile(path, png);
  return png.length;
}
