import { isAbsolute, relative, resolve } from "node:path";
import type { ResultRecord } from "../results/mod.ts";

/** An image ready for the page: a `data:` URL, or why it could not be inlined. */
export type InlineImage = { url: string; width: number; height: number } | { error: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Larger images are left out so the page stays small enough to open anywhere. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/**
 * Read a record's images as `data:image/png;base64,…` URLs with their pixel sizes. A path is taken relative to the
 * record's folder (`<resultsDir>/<scale>/`) and must stay inside `resultsDir`; a path that leaves
 * it, a missing file, a file over 2 MiB or one that is not a PNG gives an error entry instead.
 *
 * @param resultsDir The results folder.
 * @param record The record whose `images` to read.
 * @returns Image name to data URL or error, in the record's order.
 * @example
 * ```ts
 * const images = await inlineImages("results", record);
 * "url" in images.samples; // true when results/quick/<path> is a PNG
 * ```
 */
export async function inlineImages(
  resultsDir: string,
  record: ResultRecord,
): Promise<Record<string, InlineImage>> {
  const root = resolve(resultsDir);
  const realRoot = await Deno.realPath(root).catch(() => root);
  const out: Record<string, InlineImage> = {};
  for (const [name, path] of Object.entries(record.images)) {
    const leaves = { error: `Image path ${JSON.stringify(path)} leaves ${resultsDir}` };
    if (isAbsolute(path) || !within(root, resolve(root, record.scale, path))) {
      out[name] = leaves;
      continue;
    }
    try {
      // A symbolic link inside the folder may still point outside it.
      const real = await Deno.realPath(resolve(root, record.scale, path));
      if (!within(realRoot, real)) {
        out[name] = leaves;
        continue;
      }
      const bytes = await Deno.readFile(real);
      if (bytes.length > MAX_IMAGE_BYTES) {
        out[name] = { error: `Image ${path} is ${bytes.length} bytes: at most 2 MiB is inlined` };
      } else if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
        out[name] = { error: `Image ${path} is not a PNG file` };
      } else {
        // IHDR follows the signature: length, "IHDR", then width and height as big-endian u32.
        const header = new DataView(bytes.buffer, bytes.byteOffset + 16, 8);
        out[name] = {
          url: `data:image/png;base64,${base64(bytes)}`,
          width: header.getUint32(0),
          height: header.getUint32(4),
        };
      }
    } catch (error) {
      out[name] = { error: `Image ${path} cannot be read: ${(error as Error).message}` };
    }
  }
  return out;
}

function within(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside);
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
