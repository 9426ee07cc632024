/**
 * Training kernels for the wasm backend that tfjs-backend-wasm 4.22 lacks or gets wrong.
 *
 * @module
 */
export * from "./register.ts";
