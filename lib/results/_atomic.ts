/**
 * Write a text file atomically: a temporary file beside it, then a rename, so a reader (or a run
 * resumed after a kill) sees the old file or the whole new one, never half of it.
 *
 * @param path The file to write.
 * @param text Its new content.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(temporary, text);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}
