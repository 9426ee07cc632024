import { badFile } from "./_bad_file.ts";

/** IDX type code of unsigned bytes, the only element type MNIST uses. */
const IDX_UBYTE = 0x08;

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  /** The 32-bit big-endian magic number: `0x0800 + ndim` (2051 for images, 2049 for labels). */
  magic: number;
  /** The dimensions, outermost first, e.g. `[count, 28, 28]`. */
  dims: number[];
  /** The elements, row-major; a view into the input. */
  data: Uint8Array;
}

/**
 * Parse an uncompressed IDX file of unsigned bytes (LeCun's MNIST format): two zero bytes, type
 * code 0x08, the number of dimensions, one big-endian uint32 per dimension, then the payload.
 *
 * @param bytes The decompressed file.
 * @param file The file name, for messages.
 * @returns The magic number, dimensions and payload.
 * @throws {DataError} For a bad header, a type other than ubyte, or a payload whose size is not
 *   the product of the dimensions.
 * @example
 * ```ts
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
 * parseIdx(bytes, "labels").dims; // [2]
 * ```
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) {
    throw badFile(file, `IDX header needs at least 4 bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const ndim = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== IDX_UBYTE || ndim === 0) {
    throw badFile(
      file,
      `wrong IDX magic number: expected 0x000008NN (unsigned bytes, NN ≥ 1 dimensions), got 0x${
        magic.toString(16).padStart(8, "0")
      } (${magic})`,
    );
  }
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    throw badFile(
      file,
      `IDX header for ${ndim} dimensions needs ${headerBytes} bytes, got ${bytes.length}`,
    );
  }
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const expected = dims.reduce((a, b) => a * b, 1);
  const payload = bytes.length - headerBytes;
  if (payload !== expected) {
    throw badFile(
      file,
      `IDX payload has ${payload} bytes but the header [${dims.join(", ")}] says ${expected}`,
    );
  }
  return { magic, dims, data: bytes.subarray(headerBytes) };
}
