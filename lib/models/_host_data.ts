/**
 * Reading a tensor's values on the host, for the fused ops whose loops run in JavaScript on the
 * backends whose data is readable synchronously.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/** How a fused op computes: loops over host data (`host`) or tensor ops (`ops`, any backend). */
export type FusedPath = "host" | "ops";

/** @returns `host` on wasm and cpu, whose data the host reads synchronously; `ops` elsewhere. */
export function defaultFusedPath(): FusedPath {
  const backend = tf.getBackend();
  return backend === "wasm" || backend === "cpu" ? "host" : "ops";
}

/**
 * A tensor's values for reading now, before the next tensor is made: on wasm a view of the heap
 * (copying 50 KB out of wasm memory took ~50–150 µs here, a 50 KB product itself ~90 µs), which
 * the next allocation may detach.
 */
export function readHost(t: tf.Tensor): Float32Array {
  const backend = tf.backend();
  return backend instanceof BackendWasm
    ? backend.typedArrayFromHeap(t) as Float32Array
    : t.dataSync() as Float32Array;
}
