/**
 * The Python that runs PyTorch for the bench's peer and the crosscheck's twins.
 *
 * @module
 */

/** Pythons tried, in order; `ANNDL_PEER_PYTHON` goes first when set. */
export const TORCH_PYTHONS: readonly string[] = ["/usr/bin/python3", "python3"];

/**
 * Find the first Python that imports torch.
 *
 * @returns Its command, or undefined when none does.
 * @example
 * ```ts
 * const python = await findTorchPython(); // "/usr/bin/python3" where Debian's python3-torch is
 * ```
 */
export async function findTorchPython(): Promise<string | undefined> {
  const env = Deno.env.get("ANNDL_PEER_PYTHON");
  for (const python of env ? [env, ...TORCH_PYTHONS] : TORCH_PYTHONS) {
    try {
      const { success } = await new Deno.Command(python, {
        args: ["-c", "import torch"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (success) return python;
    } catch {
      // Not installed: try the next.
    }
  }
  return undefined;
}
