/**
 * Backend choice for every run: wasm by default, webgpu when asked for or when a real (non-fallback)
 * adapter exists, and the pure-JS cpu backend as a test oracle.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "../kernels/mod.ts";

/** The backends a run may ask for; `auto` picks webgpu on a real GPU adapter, else wasm. */
export const BACKEND_CHOICES = ["auto", "wasm", "webgpu", "cpu"] as const;

/** A backend a run may ask for. */
export type BackendChoice = typeof BACKEND_CHOICES[number];

/** What a record says about the backend it ran on. */
export interface BackendInfo {
  /** The tfjs backend name actually in use. */
  name: "wasm" | "webgpu" | "cpu";
  /** WASM: whether SIMD is on; webgpu: the adapter's description; cpu: "js". */
  detail: string;
  /** WebGPU only: true when the adapter is a software (fallback) one. */
  fallbackAdapter?: boolean;
}

/** Raised when a backend cannot be started; the message is one line for the CLI. */
export class BackendError extends Error {
  override name = "BackendError";
}

// The wasm binaries ship inside the npm package; loading them from node_modules needs no network.
const WASM_DIR = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url);

let active: BackendInfo | undefined;
// Backends started in this process; switching back to one only re-selects it.
const started = new Map<BackendInfo["name"], BackendInfo>();

/**
 * Start a backend (once per process) and return what it is.
 *
 * @param choice Which backend to use; `auto` is webgpu on a non-fallback adapter, else wasm.
 * @returns The backend now active.
 * @example
 * ```ts
 * const info = await initBackend("cpu");
 * console.log(info.name); // "cpu"
 * ```
 */
export async function initBackend(choice: BackendChoice = "wasm"): Promise<BackendInfo> {
  const name = choice === "auto" ? await autoChoice() : choice;
  const known = started.get(name);
  if (known) {
    if (tf.getBackend() !== name) await tf.setBackend(name);
    return active = known;
  }
  if (name === "wasm") active = await startWasm();
  else if (name === "webgpu") active = await startWebGpu();
  else active = await startCpu();
  started.set(name, active);
  return active;
}

/**
 * The backend started by {@linkcode initBackend}.
 *
 * @returns The active backend.
 * @example
 * ```ts
 * await initBackend("cpu");
 * activeBackend().name; // "cpu"
 * ```
 */
export function activeBackend(): BackendInfo {
  if (!active) throw new BackendError("No backend started: call initBackend() first");
  return active;
}

async function autoChoice(): Promise<"wasm" | "webgpu"> {
  const adapter = await requestAdapter();
  return adapter && !adapter.info.isFallbackAdapter ? "webgpu" : "wasm";
}

async function requestAdapter(): Promise<GPUAdapter | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  try {
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

async function startWasm(): Promise<BackendInfo> {
  setWasmPaths(WASM_DIR.href);
  // Threads deadlock under Deno at start-up; one thread is the safe default.
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  if (!(await tf.setBackend("wasm"))) {
    throw new BackendError(`Cannot start the wasm backend from ${WASM_DIR.pathname}`);
  }
  await tf.ready();
  registerWasmTrainingKernels();
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  return { name: "wasm", detail: simd ? "simd" : "no-simd" };
}

async function startWebGpu(): Promise<BackendInfo> {
  const adapter = await requestAdapter();
  if (!adapter) {
    throw new BackendError(
      "No WebGPU adapter: navigator.gpu gave none (valid backends: wasm, cpu; install a Vulkan driver for webgpu)",
    );
  }
  await import("@tensorflow/tfjs-backend-webgpu");
  if (!(await tf.setBackend("webgpu"))) {
    throw new BackendError(`Cannot start the webgpu backend on ${adapter.info.description}`);
  }
  await tf.ready();
  return {
    name: "webgpu",
    detail: adapter.info.description || adapter.info.vendor || "unknown adapter",
    fallbackAdapter: adapter.info.isFallbackAdapter,
  };
}

async function startCpu(): Promise<BackendInfo> {
  await tf.setBackend("cpu");
  await tf.ready();
  return { name: "cpu", detail: "js" };
}
