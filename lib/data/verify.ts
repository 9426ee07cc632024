import { badFile } from "./_bad_file.ts";
import { sha256Hex } from "./sha256.ts";

// Paths whose bytes already matched a digest in this process; each file is hashed once.
const verified = new Set<string>();

/**
 * Check bytes read from a data file against the expected SHA-256 digest, once per process and
 * file.
 *
 * @param bytes The file's bytes.
 * @param options `file`: its path, for messages and the once-per-process memo; `sha256`: the
 *   expected digest, 64 lowercase hex digits.
 * @returns Nothing once the digest matches.
 * @throws {DataError} When it does not, with both digests.
 * @example
 * ```ts
 * await verifySha256(new Uint8Array(), {
 *   file: "empty",
 *   sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
 * });
 * ```
 */
export async function verifySha256(
  bytes: Uint8Array,
  options: { file: string; sha256: string },
): Promise<void> {
  const { file, sha256 } = options;
  const key = `${file}\0${sha256}`;
  if (verified.has(key)) return;
  const got = await sha256Hex(bytes);
  if (got !== sha256) {
    throw badFile(file, `SHA-256 is ${got}, expected ${sha256} (the canonical copy)`);
  }
  verified.add(key);
}
