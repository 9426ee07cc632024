/** One data file the suite reads: where it lives in a data folder, its digest and where to get it. */
export interface DataFile {
  /** Path inside a data folder (`ANNDL_DATA_DIR` or the cache), e.g. `mnist/t10k-labels-idx1-ubyte.gz`. */
  path: string;
  /** The data set it belongs to. */
  dataset: "mnist" | "santafe" | "regression";
  /** Size in bytes of the canonical copy. */
  size: number;
  /** SHA-256 of the canonical copy, from `shared/datasets/PROVENANCE.md`. */
  sha256: string;
  /** Public copies with exactly these bytes, tried in order. */
  urls: string[];
}

// Two independent public mirrors of the LeCun distribution files (the original site refuses
// scripted downloads); both serve the canonical bytes.
const MNIST_MIRRORS = [
  "https://storage.googleapis.com/cvdf-datasets/mnist/",
  "https://ossci-datasets.s3.amazonaws.com/mnist/",
];

// Course copies pinned to the commits PROVENANCE.md names, so a later push cannot change the bytes.
const SANTAFE_MIRRORS = [
  "https://raw.githubusercontent.com/Alexander-Ghy/Artificial-Neural-Networks-and-Deep-Learning/3d582abbbcc24e1f1768d70545f8a93404915c05/Session2/",
  "https://raw.githubusercontent.com/LinyeLyuNeo/ANN_DL_KUL/6ff169252da205d3f2dbd15807d6605c868234fe/ANN%20Exercise%202/",
];
const REGRESSION_URL =
  "https://raw.githubusercontent.com/KULasagna/ANN_DL_public/58328de5e965326f609e1cf077d154d37bcf868b/session1/data.csv";

function mnist(name: string, size: number, sha256: string): DataFile {
  return {
    path: `mnist/${name}`,
    dataset: "mnist",
    size,
    sha256,
    urls: MNIST_MIRRORS.map((m) => m + name),
  };
}

function santafe(name: string, size: number, sha256: string): DataFile {
  return {
    path: `santafe/${name}`,
    dataset: "santafe",
    size,
    sha256,
    urls: SANTAFE_MIRRORS.map((m) => m + name),
  };
}

/**
 * Every data file the suite reads, with the canonical sizes and SHA-256 digests of
 * `shared/datasets/PROVENANCE.md`.
 *
 * @example
 * ```ts
 * DATA_FILES.find((f) => f.path === "santafe/laserpred.dat")?.size; // 1800
 * ```
 */
export const DATA_FILES: readonly DataFile[] = Object.freeze([
  mnist(
    "train-images-idx3-ubyte.gz",
    9_912_422,
    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
  ),
  mnist(
    "train-labels-idx1-ubyte.gz",
    28_881,
    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
  ),
  mnist(
    "t10k-images-idx3-ubyte.gz",
    1_648_877,
    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
  ),
  mnist(
    "t10k-labels-idx1-ubyte.gz",
    4_542,
    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
  ),
  santafe(
    "lasertrain.dat",
    18_000,
    "2471442ddccb9b7aa0214e1ba5a885d990c523df6cbdc694abacb0fd191da5f6",
  ),
  santafe(
    "laserpred.dat",
    1_800,
    "be420706e3928409159f22aac148ea6748f54b4e6863653b31c6e9d6e19ce18f",
  ),
  {
    path: "regression/data.csv",
    dataset: "regression",
    size: 866_694,
    sha256: "4b48966f596a73ee8e06fe24d8ac58fd275a9527721f5c1436df7405d428625b",
    urls: [REGRESSION_URL],
  },
]);

/**
 * The manifest entry of a data file.
 *
 * @param path Its path inside a data folder.
 * @returns The entry.
 * @throws {Error} For a path the manifest does not list.
 * @example
 * ```ts
 * dataFile("regression/data.csv").sha256.length; // 64
 * ```
 */
export function dataFile(path: string): DataFile {
  const found = DATA_FILES.find((f) => f.path === path);
  if (!found) {
    throw new Error(
      `Unknown data file ${path}: known files are ${DATA_FILES.map((f) => f.path).join(", ")}`,
    );
  }
  return found;
}
