/**
 * The recurrence of an LSTM as two wasm kernels: `LstmSequence` runs every time step of the
 * forward pass in one call, `LstmSequenceGrad` every step of backpropagation through time, both in
 * the suite's SIMD build (`asm/kernels.ts`: `lstmForward`, `lstmBackward`) on the backend's heap.
 * Per step: the recurrent product by the SIMD GEMM, the gates' logistic and tanh by vectorised
 * float32 polynomials (Cephes' `expf` and `tanhf`), the cell update. The input part of the gates
 * and the weight gradients stay whole-sequence products outside (`lib/models/fused_lstm.ts`).
 *
 * Registered for wasm by `registerWasmTrainingKernels` and used where the SIMD kernels run
 * (`simdKernelMode() !== "off"`); elsewhere `FusedLstm` takes its other paths.
 *
 * @module
 */
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import type { KernelConfig, KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import { pointer, requireSimdKernels, scratch } from "./_simd.ts";

/** The forward kernel's name. */
export const LSTM_SEQUENCE = "LstmSequence";
/** The backward kernel's name. */
export const LSTM_SEQUENCE_GRAD = "LstmSequenceGrad";

/**
 * Inputs `z` (the input part of every gate pre-activation, `x_t·W + b`, time-major `[steps, batch,
 * 4·units]`) and `recurrent` `[units, 4·units]`; outputs the gates after their activations
 * `[steps, batch, 4·units]`, the cell states and the outputs `[steps + 1, batch, units]` (index 0
 * the zero initial state), and tanh of the cell states `[steps, batch, units]`.
 */
function lstmSequence(
  args: { inputs: { z: TensorInfo; recurrent: TensorInfo }; backend: BackendWasm },
): TensorInfo[] {
  const { inputs: { z, recurrent }, backend } = args;
  const simd = requireSimdKernels(backend, LSTM_SEQUENCE);
  const [steps, batch, width] = z.shape;
  const units = checkRecurrent(recurrent, width);
  const gates = backend.makeOutput([steps, batch, width], "float32");
  const cells = backend.makeOutput([steps + 1, batch, units], "float32");
  const hidden = backend.makeOutput([steps + 1, batch, units], "float32");
  const tanhCells = backend.makeOutput([steps, batch, units], "float32");
  const block = scratch(backend, simd, simd.exports.lstmScratchBytes(batch, units));
  simd.exports.lstmForward(
    steps,
    batch,
    units,
    pointer(backend, z),
    pointer(backend, recurrent),
    pointer(backend, gates),
    pointer(backend, cells),
    pointer(backend, hidden),
    pointer(backend, tanhCells),
    block,
  );
  return [gates, cells, hidden, tanhCells];
}

/**
 * Inputs `dy` (the gradient of the last output, `[batch, units]`), `recurrent`, and the forward
 * kernel's `gates`, `cells` and `tanhCells`; output the gradient of every gate pre-activation
 * `[steps, batch, 4·units]`, time-major as `z`.
 */
function lstmSequenceGrad(
  args: {
    inputs: {
      dy: TensorInfo;
      recurrent: TensorInfo;
      gates: TensorInfo;
      cells: TensorInfo;
      tanhCells: TensorInfo;
    };
    backend: BackendWasm;
  },
): TensorInfo {
  const { inputs: { dy, recurrent, gates, cells, tanhCells }, backend } = args;
  const simd = requireSimdKernels(backend, LSTM_SEQUENCE_GRAD);
  const [steps, batch, width] = gates.shape;
  const units = checkRecurrent(recurrent, width);
  const dz = backend.makeOutput([steps, batch, width], "float32");
  const block = scratch(backend, simd, simd.exports.lstmScratchBytes(batch, units));
  simd.exports.lstmBackward(
    steps,
    batch,
    units,
    pointer(backend, dy),
    pointer(backend, recurrent),
    pointer(backend, gates),
    pointer(backend, cells),
    pointer(backend, tanhCells),
    pointer(backend, dz),
    block,
  );
  return dz;
}

function checkRecurrent(recurrent: TensorInfo, width: number): number {
  const [units, columns] = recurrent.shape;
  if (recurrent.shape.length !== 2 || columns !== width || width !== 4 * units) {
    throw new Error(
      `LSTM kernels expect gates of width 4·units and a recurrent kernel [units, 4·units]: got ` +
        `width ${width} and [${recurrent.shape}]`,
    );
  }
  return units;
}

/** The forward kernel's registration (wasm). */
export const lstmSequenceConfig: KernelConfig = {
  kernelName: LSTM_SEQUENCE,
  backendName: "wasm",
  kernelFunc: lstmSequence as unknown as KernelFunc,
};

/** The backward kernel's registration (wasm). */
export const lstmSequenceGradConfig: KernelConfig = {
  kernelName: LSTM_SEQUENCE_GRAD,
  backendName: "wasm",
  kernelFunc: lstmSequenceGrad as unknown as KernelFunc,
};
