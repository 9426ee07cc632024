import { gunzipSync } from "node:zlib";
import { badFile } from "./_bad_file.ts";

/** Largest decompressed size accepted: the MNIST training images are 47,040,016 bytes. */
export const MAX_GUNZIP_BYTES = 64 * 1024 * 1024;

/**
 * Decompress a gzip file held in memory.
 *
 * @param bytes The `.gz` bytes.
 * @param file The file name, for messages.
 * @returns The decompressed bytes.
 * @throws {DataError} For a truncated or corrupt stream, or output over {@link MAX_GUNZIP_BYTES}.
 * @example
 * ```ts
 * import { gzipSync } from "node:zlib";
 * gunzip(gzipSync(new Uint8Array([1, 2])), "x.gz"); // Uint8Array [1, 2]
 * ```
 */
export function gunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length < 18 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw badFile(
      file,
      `not a gzip file (expected magic 1f 8b and at least 18 bytes, got ${bytes.length} bytes)`,
    );
  }
  try {
    const out = gunzipSync(bytes, { maxOutputLength: MAX_GUNZIP_BYTES });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0];
    throw badFile(file, `gzip data is truncated or corrupt (${reason})`);
  }
}
