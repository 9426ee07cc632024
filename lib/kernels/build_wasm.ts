/**
 * Compile the suite's SIMD kernels (`asm/kernels.ts`, AssemblyScript) to the binaries in
 * `lib/kernels/wasm/`, which are committed so that running a claim needs no compiler.
 *
 * Run as `deno task build:wasm`.
 *
 * @module
 */
import asc from "assemblyscript/asc";

/** The AssemblyScript source of the kernels. */
export const KERNEL_SOURCE = new URL("../../asm/kernels.ts", import.meta.url);

/** Where the built binaries lie. */
export const WASM_BUILD_DIR = new URL("./wasm/", import.meta.url);

/** The builds: file name → extra compiler flags (on top of `-O3 --enable simd`). */
export const WASM_BUILDS: Readonly<Record<string, readonly string[]>> = {
  "kernels_simd.wasm": [],
  "kernels_relaxed.wasm": ["--enable", "relaxed-simd"],
};

/**
 * Compile every build of {@linkcode WASM_BUILDS} in memory.
 *
 * The module imports its memory (`env.memory`, tfjs-backend-wasm's heap), has no runtime
 * (`--runtime stub`), no `abort` import and no assertions.
 *
 * @returns The binaries by file name.
 * @example
 * ```ts
 * const built = await buildWasm();
 * built.get("kernels_simd.wasm")?.byteLength; // ~3 KB
 * ```
 */
export async function buildWasm(): Promise<Map<string, Uint8Array>> {
  const source = await Deno.readTextFile(KERNEL_SOURCE);
  const built = new Map<string, Uint8Array>();
  for (const [name, flags] of Object.entries(WASM_BUILDS)) {
    let binary: Uint8Array | undefined;
    const { error, stderr } = await asc.main([
      "kernels.ts",
      "-O3",
      "--enable",
      "simd",
      ...flags,
      "--runtime",
      "stub",
      "--importMemory",
      "--use",
      "abort=",
      "--noAssert",
      "-o",
      "kernels.wasm",
    ], {
      readFile: (file: string) => file === "kernels.ts" ? source : null,
      writeFile: (file: string, contents: Uint8Array | string) => {
        if (file === "kernels.wasm" && typeof contents !== "string") binary = contents;
      },
      listFiles: () => [],
    });
    if (error || !binary) {
      throw new Error(`AssemblyScript build of ${name} failed: ${error?.message ?? ""} ${stderr}`);
    }
    built.set(name, binary);
  }
  return built;
}

if (import.meta.main) {
  for (const [name, binary] of await buildWasm()) {
    await Deno.writeFile(new URL(name, WASM_BUILD_DIR), binary);
    console.log(`${name}: ${binary.byteLength} bytes`);
  }
}
