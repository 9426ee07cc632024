import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { initBackend } from "../backend/mod.ts";
import {
  LSTM_SEQUENCE,
  LSTM_SEQUENCE_GRAD,
  simdKernelMode,
  type SimdMode,
  useSimdKernels,
} from "./mod.ts";
import { assertClose, type HostTensor, randomHost } from "./_both_backends.ts";

/** The recurrence in float64, time-major, as the kernels define it (gates i, f, c, o). */
function reference(z: HostTensor, recurrent: HostTensor, dy: HostTensor) {
  const [steps, batch, width] = z.shape;
  const units = width / 4;
  const state = batch * units;
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const gates = new Float64Array(steps * batch * width);
  const cells = new Float64Array((steps + 1) * state);
  const hidden = new Float64Array((steps + 1) * state);
  const tanhCells = new Float64Array(steps * state);
  for (let t = 0; t < steps; t++) {
    for (let r = 0; r < batch; r++) {
      const g = (t * batch + r) * width;
      for (let col = 0; col < width; col++) {
        let v = z.values[g + col];
        for (let k = 0; k < units; k++) {
          v += hidden[t * state + r * units + k] * recurrent.values[k * width + col];
        }
        gates[g + col] = col >= 2 * units && col < 3 * units ? Math.tanh(v) : sigmoid(v);
      }
      for (let j = 0; j < units; j++) {
        const s = r * units + j;
        const c = gates[g + units + j] * cells[t * state + s] +
          gates[g + j] * gates[g + 2 * units + j];
        cells[(t + 1) * state + s] = c;
        tanhCells[t * state + s] = Math.tanh(c);
        hidden[(t + 1) * state + s] = gates[g + 3 * units + j] * Math.tanh(c);
      }
    }
  }
  const dz = new Float64Array(steps * batch * width);
  let dh = Float64Array.from(dy.values);
  const dc = new Float64Array(state);
  for (let t = steps - 1; t >= 0; t--) {
    for (let r = 0; r < batch; r++) {
      const g = (t * batch + r) * width;
      for (let j = 0; j < units; j++) {
        const s = r * units + j;
        const [i, f, c, o] = [0, 1, 2, 3].map((q) => gates[g + q * units + j]);
        const tc = tanhCells[t * state + s];
        const dcAfter = dc[s] + dh[s] * o * (1 - tc * tc);
        dz[g + j] = dcAfter * c * i * (1 - i);
        dz[g + units + j] = dcAfter * cells[t * state + s] * f * (1 - f);
        dz[g + 2 * units + j] = dcAfter * i * (1 - c * c);
        dz[g + 3 * units + j] = dh[s] * tc * o * (1 - o);
        dc[s] = dcAfter * f;
      }
    }
    const next = new Float64Array(state);
    for (let r = 0; r < batch; r++) {
      for (let k = 0; k < units; k++) {
        let v = 0;
        for (let col = 0; col < width; col++) {
          v += dz[(t * batch + r) * width + col] * recurrent.values[k * width + col];
        }
        next[r * units + k] = v;
      }
    }
    dh = next;
  }
  const host = (shape: number[], values: Float64Array) => ({
    shape,
    values: Float32Array.from(values),
  });
  return {
    gates: host([steps, batch, width], gates),
    cells: host([steps + 1, batch, units], cells),
    hidden: host([steps + 1, batch, units], hidden),
    tanhCells: host([steps, batch, units], tanhCells),
    dz: host([steps, batch, width], dz),
  };
}

const read = (t: tf.Tensor): HostTensor => ({
  shape: t.shape,
  values: t.dataSync() as Float32Array,
});

// Units that fill whole vectors and ones with a tail of 1–3 lanes; batches around the GEMM's
// six-row tile; a gate width over the GEMM's 256-row pass; pre-activations that saturate.
const CASES = [
  { steps: 1, batch: 1, units: 1, scale: 1 },
  { steps: 4, batch: 7, units: 6, scale: 2 },
  { steps: 9, batch: 6, units: 8, scale: 1 },
  { steps: 5, batch: 13, units: 67, scale: 8 },
  { steps: 3, batch: 32, units: 100, scale: 1 },
];

for (const mode of ["relaxed", "plain"] as SimdMode[]) {
  Deno.test(`LstmSequence and LstmSequenceGrad do match a float64 recurrence (${mode} build)`, async () => {
    await initBackend("wasm");
    useSimdKernels(mode);
    try {
      assert.equal(simdKernelMode(), mode);
      for (const [n, c] of CASES.entries()) {
        const z = randomHost([c.steps, c.batch, 4 * c.units], 10 * n, {
          low: -c.scale,
          high: c.scale,
        });
        const recurrent = randomHost([c.units, 4 * c.units], 10 * n + 1, {
          low: -1 / Math.sqrt(c.units),
          high: 1 / Math.sqrt(c.units),
        });
        const dy = randomHost([c.batch, c.units], 10 * n + 2);
        const expected = reference(z, recurrent, dy);
        tf.tidy(() => {
          const zt = tf.tensor(z.values, z.shape);
          const rt = tf.tensor(recurrent.values, recurrent.shape);
          const [gates, cells, hidden, tanhCells] = tf.engine().runKernel(
            LSTM_SEQUENCE,
            { z: zt, recurrent: rt },
          ) as tf.Tensor[];
          const dz = tf.engine().runKernel(LSTM_SEQUENCE_GRAD, {
            dy: tf.tensor(dy.values, dy.shape),
            recurrent: rt,
            gates,
            cells,
            tanhCells,
          }) as tf.Tensor;
          const label = `${mode} [${c.steps}, ${c.batch}] × ${c.units}`;
          assertClose(read(gates), expected.gates, { rtol: 1e-5, label: `${label} gates` });
          assertClose(read(cells), expected.cells, { rtol: 1e-5, label: `${label} cells` });
          assertClose(read(hidden), expected.hidden, { rtol: 1e-5, label: `${label} hidden` });
          assertClose(read(tanhCells), expected.tanhCells, { rtol: 1e-5, label: `${label} tanh` });
          assertClose(read(dz), expected.dz, { rtol: 1e-5, label: `${label} dz` });
        });
      }
    } finally {
      useSimdKernels(undefined);
    }
  });
}

Deno.test("LstmSequence does leak no tensors and refuses to run with ANNDL_SIMD=off", async () => {
  await initBackend("wasm");
  const z = tf.randomUniform([3, 2, 8], -1, 1);
  const recurrent = tf.randomUniform([2, 8], -1, 1);
  const before = tf.memory().numTensors;
  tf.dispose(tf.engine().runKernel(LSTM_SEQUENCE, { z, recurrent }) as tf.Tensor[]);
  assert.equal(tf.memory().numTensors, before);
  useSimdKernels("off");
  try {
    assert.throws(() => tf.engine().runKernel(LSTM_SEQUENCE, { z, recurrent }), {
      message: "LstmSequence needs the suite's SIMD kernels (ANNDL_SIMD is off)",
    });
  } finally {
    useSimdKernels(undefined);
  }
  tf.dispose([z, recurrent]);
});
