import { DataError } from "./errors.ts";
import { sha256Hex } from "./sha256.ts";

/** What {@link downloadVerified} needs to know about a file. */
export interface DownloadSource {
  /** Copies to try, in order; the first that yields the right bytes wins. */
  urls: readonly string[];
  /** Exact size in bytes; a longer body is cut off and refused. */
  size: number;
  /** Expected SHA-256, 64 lowercase hex digits. */
  sha256: string;
}

/** Options of {@link downloadVerified}. */
export interface DownloadOptions {
  /**
   * Time allowed for one URL, from request to last byte, in milliseconds.
   * @default 300000
   */
  timeoutMs?: number;
}

/** How a file came to be in place. */
export interface DownloadOutcome {
  /** `present`: a verified copy was already there; `downloaded`: fetched and verified now. */
  status: "present" | "downloaded";
  /** The URL it came from (absent when present). */
  url?: string;
}

/** Read a response body, refusing more than `limit` bytes. */
async function readBody(response: Response, limit: number): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`body is longer than the expected ${limit} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/** Whether `path` holds exactly the expected bytes. */
async function isVerified(path: string, source: DownloadSource): Promise<boolean> {
  try {
    const bytes = await Deno.readFile(path);
    return bytes.length === source.size && await sha256Hex(bytes) === source.sha256;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw new DataError(
      `Cannot read ${path} (${
        (error as Error).message.split("\n")[0]
      }): make it readable or remove it`,
    );
  }
}

/** Write bytes to `dest` atomically: a private temporary file beside it, flushed, then renamed. */
async function writeAtomically(dest: string, bytes: Uint8Array): Promise<void> {
  const temp = `${dest}.${Deno.pid}-${crypto.randomUUID().slice(0, 8)}.part`;
  await Deno.mkdir(dest.slice(0, dest.lastIndexOf("/")) || ".", { recursive: true });
  try {
    const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o644 });
    try {
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      await file.syncData();
    } finally {
      file.close();
    }
    // rename(2) replaces the target in one step: readers see the old file or the new one, and two
    // processes fetching the same file both end with a verified copy.
    await Deno.rename(temp, dest);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}

/** {@link writeAtomically}, with a file-system failure told apart from a bad download. */
async function writeOrExplain(dest: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeAtomically(dest, bytes);
  } catch (error) {
    throw new DataError(
      `Cannot write ${dest} (${
        (error as Error).message.split("\n")[0]
      }): make its folder writable, or set XDG_CACHE_HOME to a writable folder`,
    );
  }
}

/**
 * Put a verified copy of a file at `dest`: keep a copy that is already right, else fetch it from
 * each URL in turn, check size and SHA-256 in memory, and only then write it atomically. A
 * failed attempt leaves no file behind; an unverified file already at `dest` is replaced, or
 * removed when no URL works.
 *
 * @param source URLs, size and digest.
 * @param dest The path to fill; its folder is created once a verified body is in hand.
 * @param options Time limit per URL.
 * @returns Whether the file was already there or downloaded, and from where.
 * @throws {DataError} When no URL yields the right bytes, listing what each one did.
 * @example
 * ```ts
 * import { cacheDir } from "./locate.ts";
 * import { dataFile } from "./manifest.ts";
 * const source = dataFile("santafe/laserpred.dat");
 * await downloadVerified(source, `${cacheDir()}/${source.path}`); // { status: "downloaded", url: "https://…" }
 * ```
 */
export async function downloadVerified(
  source: DownloadSource,
  dest: string,
  options: DownloadOptions = {},
): Promise<DownloadOutcome> {
  if (await isVerified(dest, source)) return { status: "present" };
  const failures: string[] = [];
  for (const url of source.urls) {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 300_000);
    try {
      const response = await fetch(url, { signal });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const body = await readBody(response, source.size);
      if (body.length !== source.size) {
        throw new Error(`got ${body.length} bytes, expected ${source.size}`);
      }
      const got = await sha256Hex(body);
      if (got !== source.sha256) throw new Error(`SHA-256 is ${got}, expected ${source.sha256}`);
      await writeOrExplain(dest, body);
      return { status: "downloaded", url };
    } catch (error) {
      if (error instanceof DataError) throw error;
      const reason = signal.aborted
        ? `no complete answer within ${options.timeoutMs ?? 300_000} ms`
        : (error as Error).message.split("\n")[0];
      failures.push(`${url}: ${reason}`);
    }
  }
  // No unverified file may stay: remove a damaged copy from before. A copy that a concurrent
  // download has just put in place is verified and stays.
  if (!(await isVerified(dest, source))) await Deno.remove(dest).catch(() => {});
  throw new DataError(
    `Download of ${dest} failed, nothing was written (${
      failures.join("; ")
    }): check the network, or set ANNDL_DATA_DIR to a folder holding a good copy`,
  );
}
