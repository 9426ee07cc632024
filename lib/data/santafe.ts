import { type DataRoots, dataRoots, locateDataFile } from "./locate.ts";
import { parseSeries } from "./series.ts";

/** Values in the training series `lasertrain.dat`. */
export const SANTAFE_TRAIN_LENGTH = 1000;
/** Values in the continuation `laserpred.dat`, the test series. */
export const SANTAFE_TEST_LENGTH = 100;
/** Paths of the two files inside a data folder. */
export const SANTAFE_FILES = {
  train: "santafe/lasertrain.dat",
  test: "santafe/laserpred.dat",
} as const;

/** The Santa Fe laser series (competition data set A). */
export interface SantaFe {
  /** The 1000 training values, integers 2..255. */
  train: Float64Array;
  /** The 100 values that follow them. */
  test: Float64Array;
}

/** How {@link loadSantaFe} finds its files. */
export interface LoadSantaFeOptions {
  /**
   * Folders to search.
   * @default dataRoots()
   */
  roots?: DataRoots;
  /**
   * Expected lengths.
   * @default { train: 1000, test: 100 }
   */
  lengths?: { train: number; test: number };
}

/**
 * The Santa Fe laser series from `ANNDL_DATA_DIR` or the cache: `lasertrain.dat` (1000 values)
 * and its continuation `laserpred.dat` (100 values), one number per line.
 *
 * @param options Where to look and, for small test files, the lengths.
 * @returns The two series.
 * @throws {DataError} For a missing file, a stray line or a wrong count.
 * @example
 * ```ts
 * const { train, test } = await loadSantaFe();
 * [train.length, test.length]; // [1000, 100]
 * train[0]; // 86
 * ```
 */
export async function loadSantaFe(options: LoadSantaFeOptions = {}): Promise<SantaFe> {
  const roots = options.roots ?? dataRoots();
  const lengths = options.lengths ?? { train: SANTAFE_TRAIN_LENGTH, test: SANTAFE_TEST_LENGTH };
  const read = async (relative: string, count: number) => {
    const file = await locateDataFile(relative, roots);
    return parseSeries(await Deno.readTextFile(file), { file, count });
  };
  const [train, test] = await Promise.all([
    read(SANTAFE_FILES.train, lengths.train),
    read(SANTAFE_FILES.test, lengths.test),
  ]);
  return { train, test };
}
