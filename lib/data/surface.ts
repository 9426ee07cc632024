import { seededRandom } from "../backend/mod.ts";

/** Points per axis of the course's grid (section 1.3). */
export const SURFACE_GRID = 40;
/** The grid spans [−SURFACE_EXTENT, SURFACE_EXTENT] on both axes. */
export const SURFACE_EXTENT = 3;

/** Options of {@linkcode makeSurface}. */
export interface SurfaceOptions {
  /** Standard deviation σ of the additive Gaussian noise on the training targets. @default 0 */
  noise?: number;
  /** Seed of the noise draws. @default 0 */
  seed?: number;
  /** Points per axis. @default 40 */
  grid?: number;
  /** Half-width of the square domain. @default 3 */
  extent?: number;
}

/** The 1.3 data set: a grid, its noise-free surface and the noisy training targets. */
export interface Surface {
  /** Number of points, `grid²` (1600). */
  count: number;
  /** `[count, 2]` row-major: (x, y) of each point, x varying fastest as numpy's meshgrid. */
  inputs: Float32Array;
  /** `[count]` noise-free f(x, y): the test targets. */
  clean: Float32Array;
  /** `[count]` f(x, y) + σ·N(0, 1): the training targets. */
  noisy: Float32Array;
}

/**
 * The course's function-approximation surface f(x, y) = sin(0.8·r²) / r^1.8 with r² = x² + y²,
 * sampled on a `grid × grid` grid of `linspace(−extent, extent, grid)` on both axes (an even grid
 * has no point at the origin), with seeded additive noise z + σ·N(0, 1) on the training targets.
 * The test error of section 1.3 is the MSE against `clean` on the same grid.
 *
 * @param options Noise σ, seed, grid size and extent.
 * @returns Inputs `[grid², 2]`, clean and noisy targets `[grid²]`.
 * @throws {RangeError} For a negative noise level or a grid that would contain the origin.
 * @example
 * ```ts
 * const { count, inputs, clean } = makeSurface({ noise: 0.1, seed: 1 });
 * count; // 1600
 * inputs.slice(0, 2); // [-3, -3]
 * ```
 */
export function makeSurface(options: SurfaceOptions = {}): Surface {
  const { noise = 0, seed = 0, grid = SURFACE_GRID, extent = SURFACE_EXTENT } = options;
  if (!(noise >= 0)) throw new RangeError(`Noise level must be at least 0: got ${noise}`);
  if (!Number.isInteger(grid) || grid < 2 || grid % 2 !== 0) {
    // An odd linspace over a symmetric range hits r = 0, where f is undefined.
    throw new RangeError(`Grid must be an even integer of at least 2: got ${grid}`);
  }
  const axis = Array.from({ length: grid }, (_, i) => -extent + (2 * extent * i) / (grid - 1));
  const count = grid * grid;
  const inputs = new Float32Array(count * 2);
  const clean = new Float32Array(count);
  const noisy = new Float32Array(count);
  const normal = gaussian(seed);
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      const i = row * grid + col;
      const [x, y] = [axis[col], axis[row]];
      const r2 = x * x + y * y;
      const z = Math.sin(0.8 * r2) / r2 ** 0.9;
      inputs[2 * i] = x;
      inputs[2 * i + 1] = y;
      clean[i] = z;
      noisy[i] = z + noise * normal();
    }
  }
  return { count, inputs, clean, noisy };
}

/** Standard normal draws by Box–Muller from a seeded uniform generator. */
function gaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => {
    const u = 1 - uniform(); // (0, 1]: log stays finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}
