/**
 * The suite's SIMD kernels (`asm/kernels.ts`, built to `wasm/*.wasm`), instantiated on
 * tfjs-backend-wasm's own memory: they read the backend's tensors and write its outputs where they
 * lie, with no copy in or out (pointers are byte offsets into the backend's heap).
 *
 * The relaxed-SIMD build (fused multiply-add) is chosen when this V8 validates it, else the
 * plain-SIMD build. `ANNDL_SIMD=plain` forces the plain build, `ANNDL_SIMD=off` turns the SIMD
 * kernels off (the kernels of this folder then take their earlier paths), for measuring.
 *
 * @module
 */
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { TensorInfo } from "@tensorflow/tfjs-core";

/** The exports of `asm/kernels.ts` (pointers are byte offsets into the backend's heap). */
export interface SimdExports {
  relaxed(): number;
  /** The GEMM's register tile, `iterations` rounds, on `peakBufferBytes()` bytes at `buffer`. */
  peak(iterations: number, buffer: number): number;
  peakBufferBytes(): number;
  gemmScratchBytes(m: number, n: number): number;
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    sai: number,
    sak: number,
    b: number,
    sbk: number,
    sbn: number,
    c: number,
    ldc: number,
    accumulate: number,
    scratch: number,
  ): void;
  conv2dFilterGrad(
    x: number,
    dy: number,
    dw: number,
    batch: number,
    h: number,
    w: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
    scratch: number,
  ): void;
  batchedGemm(
    batch: number,
    m: number,
    n: number,
    k: number,
    a: number,
    strideA: number,
    sai: number,
    sak: number,
    b: number,
    strideB: number,
    sbk: number,
    sbn: number,
    c: number,
    scratch: number,
  ): void;
  conv2d(
    x: number,
    w: number,
    y: number,
    batch: number,
    h: number,
    wIn: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
    scratch: number,
  ): void;
  conv2dInputGrad(
    dy: number,
    w: number,
    dx: number,
    batch: number,
    h: number,
    wIn: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
    scratch: number,
  ): void;
  conv2dInputGradScratchBytes(m: number, cout: number): number;
  winogradScratchBytes(cin: number, cout: number): number;
  winogradConv2d(
    x: number,
    w: number,
    y: number,
    batch: number,
    h: number,
    wIn: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
    top: number,
    left: number,
    transposed: number,
    scratch: number,
  ): void;
  winogradFilterGrad(
    x: number,
    dy: number,
    dw: number,
    batch: number,
    h: number,
    w: number,
    cin: number,
    oh: number,
    ow: number,
    cout: number,
    top: number,
    left: number,
    scratch: number,
  ): void;
  sumRows(src: number, dst: number, outer: number, inner: number, scratch: number): void;
  reluGrad(x: number, dy: number, dx: number, count: number): void;
  leakyReluGrad(x: number, dy: number, dx: number, count: number, alpha: number): void;
  leakyRelu(x: number, y: number, count: number, alpha: number): void;
  adamStep(
    x: number,
    m: number,
    v: number,
    g: number,
    xOut: number,
    mOut: number,
    vOut: number,
    count: number,
    beta1: number,
    beta2: number,
    oneMinusBeta1: number,
    oneMinusBeta2: number,
    c1: number,
    c2: number,
    epsilon: number,
    negLr: number,
  ): void;
  geluWithSlope(x: number, y: number, slope: number, count: number, table: number): void;
  layerNormForward(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    normed: number,
    rstd: number,
    rows: number,
    dim: number,
    epsilon: number,
  ): void;
  layerNormBackward(
    dy: number,
    normed: number,
    gamma: number,
    rstd: number,
    dx: number,
    dGamma: number,
    dBeta: number,
    rows: number,
    dim: number,
    scratch: number,
  ): void;
  lstmScratchBytes(batch: number, units: number): number;
  lstmForward(
    steps: number,
    batch: number,
    units: number,
    z: number,
    recurrent: number,
    gates: number,
    cells: number,
    hidden: number,
    tanhCells: number,
    scratch: number,
  ): void;
  lstmBackward(
    steps: number,
    batch: number,
    units: number,
    dy: number,
    recurrent: number,
    gates: number,
    cells: number,
    tanhCells: number,
    dz: number,
    scratch: number,
  ): void;
  maxPoolGradTiled(
    x: number,
    y: number,
    dy: number,
    dx: number,
    batch: number,
    h: number,
    w: number,
    c: number,
    oh: number,
    ow: number,
    fh: number,
    fw: number,
    top: number,
    left: number,
  ): void;
}

/** Which build runs: fused multiply-add, plain SIMD, or none. */
export type SimdMode = "relaxed" | "plain" | "off";

/** The kernels bound to one backend's heap, and that heap's scratch block. */
interface Bound {
  exports: SimdExports;
  mode: SimdMode;
  scratch: number;
  scratchBytes: number;
}

let bound = new WeakMap<BackendWasm, Bound>();
/** The mode set by {@linkcode forceSimdMode}, over `ANNDL_SIMD`. */
let forced: SimdMode | undefined;

/**
 * Run the SIMD kernels in `mode` from the next kernel call on, whatever `ANNDL_SIMD` says
 * (undefined: as `ANNDL_SIMD` says). Backends bound before are bound again on their next call;
 * their scratch blocks stay allocated until the backend is disposed.
 *
 * @param mode The mode, or undefined.
 */
export function forceSimdMode(mode: SimdMode | undefined): void {
  forced = mode;
  bound = new WeakMap();
}
const modules = new Map<string, WebAssembly.Module>();

/** The binary of a build, compiled once per process. */
function wasmModule(file: string): WebAssembly.Module | undefined {
  let module = modules.get(file);
  if (!module) {
    const bytes = Deno.readFileSync(new URL(`./wasm/${file}`, import.meta.url));
    if (!WebAssembly.validate(bytes)) return undefined;
    module = new WebAssembly.Module(bytes);
    modules.set(file, module);
  }
  return module;
}

/**
 * The mode asked for by `ANNDL_SIMD` (`relaxed` when unset: the best this V8 runs).
 *
 * @returns The mode asked for.
 */
export function requestedSimdMode(): SimdMode {
  if (forced) return forced;
  const value = Deno.env.get("ANNDL_SIMD") ?? "relaxed";
  if (value !== "relaxed" && value !== "plain" && value !== "off") {
    throw new Error(`ANNDL_SIMD must be relaxed, plain or off: got '${value}'`);
  }
  return value;
}

/**
 * Instantiate a build on a heap (no caching; for the peak benchmark and the tests).
 *
 * @param memory The heap to import.
 * @param mode The build.
 * @returns The exports, or undefined when this V8 does not validate the build or the memory does
 *   not link (a shared memory).
 */
export function instantiateSimd(
  memory: WebAssembly.Memory,
  mode: "relaxed" | "plain",
): SimdExports | undefined {
  const module = wasmModule(mode === "relaxed" ? "kernels_relaxed.wasm" : "kernels_simd.wasm");
  if (!module) return undefined;
  try {
    return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdExports;
  } catch (error) {
    // A shared memory (the threaded wasm backend) does not link to the module's plain import.
    if (error instanceof WebAssembly.LinkError) return undefined;
    throw error;
  }
}

/** The parts of the backend's emscripten module used here (not in its typings). */
interface EmscriptenHeap {
  asm: { memory: WebAssembly.Memory };
  _malloc(bytes: number): number;
  _free(offset: number): void;
}

/** The backend's emscripten module, typed for its heap. */
function heapOf(backend: BackendWasm): EmscriptenHeap {
  return backend.wasm as unknown as EmscriptenHeap;
}

/**
 * The SIMD kernels bound to `backend`'s heap, or undefined when they are off (`ANNDL_SIMD=off`).
 *
 * @param backend The wasm backend.
 * @returns The kernels and the build chosen.
 */
export function simdKernels(backend: BackendWasm): Bound | undefined {
  let entry = bound.get(backend);
  if (!entry) {
    const asked = requestedSimdMode();
    if (asked === "off") return undefined;
    const memory = heapOf(backend).asm.memory;
    let mode: SimdMode = asked;
    let exports = asked === "relaxed" ? instantiateSimd(memory, "relaxed") : undefined;
    if (!exports) {
      mode = "plain";
      exports = instantiateSimd(memory, "plain");
    }
    if (!exports) return undefined;
    entry = { exports, mode, scratch: 0, scratchBytes: 0 };
    bound.set(backend, entry);
  }
  return entry;
}

/**
 * The SIMD kernels bound to `backend`'s heap, for a kernel that has no other path.
 *
 * @param backend The wasm backend.
 * @param kernelName The kernel asking, for the message.
 * @returns The kernels and the build chosen.
 * @throws {Error} When they are off (`ANNDL_SIMD=off`).
 */
export function requireSimdKernels(backend: BackendWasm, kernelName: string): Bound {
  const entry = simdKernels(backend);
  if (!entry) throw new Error(`${kernelName} needs the suite's SIMD kernels (ANNDL_SIMD is off)`);
  return entry;
}

/**
 * A 16-byte aligned scratch block of at least `bytes` on the backend's heap, kept between calls
 * (grown when a call needs more).
 *
 * @param backend The wasm backend.
 * @param entry Its bound kernels.
 * @param bytes The size needed.
 * @returns The block's byte offset.
 */
export function scratch(backend: BackendWasm, entry: Bound, bytes: number): number {
  if (entry.scratchBytes < bytes) {
    if (entry.scratch) heapOf(backend)._free(entry.scratch);
    entry.scratchBytes = Math.max(bytes, 2 * entry.scratchBytes);
    entry.scratch = heapOf(backend)._malloc(entry.scratchBytes + 16);
  }
  return (entry.scratch + 15) & ~15;
}

const constants = new WeakMap<BackendWasm, WeakMap<Float64Array, number>>();

/**
 * A copy of constant data on the backend's heap, made once per backend and array and kept for
 * the backend's life (a kernel's lookup table).
 *
 * @param backend The wasm backend.
 * @param data The constant data; its identity is the key.
 * @returns The copy's byte offset, 8-byte aligned.
 */
export function constantBlock(backend: BackendWasm, data: Float64Array): number {
  let blocks = constants.get(backend);
  if (!blocks) constants.set(backend, blocks = new WeakMap());
  let at = blocks.get(data);
  if (at === undefined) {
    const heap = heapOf(backend);
    at = (heap._malloc(data.byteLength + 8) + 7) & ~7;
    new Float64Array(heap.asm.memory.buffer, at, data.length).set(data);
    blocks.set(data, at);
  }
  return at;
}

/**
 * A tensor's byte offset on the backend's heap.
 *
 * @param backend The wasm backend.
 * @param t The tensor.
 * @returns The offset.
 */
export function pointer(backend: BackendWasm, t: TensorInfo): number {
  return (backend as unknown as { dataIdMap: { get(id: object): { memoryOffset: number } } })
    .dataIdMap.get(t.dataId).memoryOffset;
}
