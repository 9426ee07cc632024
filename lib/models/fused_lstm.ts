/**
 * An LSTM layer whose pass over the whole sequence is one differentiable op with its own
 * gradient, as Keras' and PyTorch's LSTMs are.
 *
 * `tf.layers.lstm` records every cell operation of every time step on the gradient tape: about
 * 7,000 kernel calls per training step of LSTM(100) over 50 steps, each costing more in tape and
 * dispatch than its arithmetic. Here the forward pass runs outside the tape and the gradient is
 * written out (backpropagation through time), so a step makes a few hundred calls.
 *
 * The cell is Keras 2's default: gates in the order input, forget, cell, output; logistic sigmoid
 * on the gates, tanh on the cell; kernel Glorot-uniform, recurrent kernel orthogonal, bias zero
 * with the forget gate's bias at one. (`tf.layers.lstm` defaults to the hard sigmoid and a zero
 * forget bias.) The layer returns the last step's output, as Keras does without
 * `return_sequences`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { LSTM_SEQUENCE, LSTM_SEQUENCE_GRAD } from "../kernels/lstm_sequence.ts";
import { simdKernelMode } from "../kernels/simd_kernels.ts";
import { defaultFusedPath, type FusedPath, readHost } from "./_host_data.ts";

/** How {@linkcode lstmLastOutput} computes the cell. */
export type LstmPath = "kernel" | FusedPath;

/**
 * The output after the last step of an LSTM over `x`, from zero initial state.
 *
 * Three implementations of the same arithmetic: `kernel` runs the whole recurrence, forward and
 * backward, in one wasm kernel call each (`lib/kernels/lstm_sequence.ts`: the suite's SIMD
 * kernels, on wasm unless `ANNDL_SIMD=off`); `host` keeps the state in JavaScript arrays and asks
 * the backend only for the products and the gates' logistic (four engine calls per time step),
 * for backends whose data the host reads synchronously (wasm, cpu); `ops` is made of tensor ops
 * (about 35 per time step) and runs anywhere, webgpu included.
 *
 * @param x Input `[batch, steps, features]`.
 * @param kernel Input weights `[features, 4·units]`, gates i, f, c, o.
 * @param recurrent Recurrent weights `[units, 4·units]`.
 * @param bias Bias `[4·units]`.
 * @param path `kernel`, `host` or `ops`; default `kernel` where the LSTM kernels run, else `host`
 *   on wasm and cpu, `ops` elsewhere.
 * @returns `h` after the last step, `[batch, units]`; differentiable in all four inputs.
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * const h = lstmLastOutput(tf.ones([2, 5, 1]), tf.ones([1, 8]), tf.zeros([2, 8]), tf.zeros([8]));
 * h.shape; // [2, 2]
 * ```
 */
export function lstmLastOutput(
  x: tf.Tensor3D,
  kernel: tf.Tensor2D,
  recurrent: tf.Tensor2D,
  bias: tf.Tensor1D,
  path: LstmPath = defaultPath(),
): tf.Tensor2D {
  if (path === "kernel" && simdKernelMode() === "off") {
    throw new Error(`The LSTM kernels do not run on ${tf.getBackend()} here: use path host or ops`);
  }
  const op = { kernel: lstmKernelOp, host: lstmHostOp, ops: lstmOpsOp }[path];
  return op(x, kernel, recurrent, bias) as tf.Tensor2D;
}

function defaultPath(): LstmPath {
  return simdKernelMode() !== "off" ? "kernel" : defaultFusedPath();
}

/** The forward pass of an LSTM op: its value and the gradient of all four inputs. */
type LstmForward = (
  inputs: tf.Tensor[],
  save: tf.GradSaveFunc,
) => { value: tf.Tensor; gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[] };

/** A differentiable op of `x`, kernel, recurrent kernel and bias with its own gradient. */
function lstmOp(forward: LstmForward) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) =>
    forward(args.slice(0, 4) as tf.Tensor[], args[4] as tf.GradSaveFunc)
  );
}

// Saved for the gradient, one stack each over the steps: the inputs, then the gates after their
// activations `[steps, batch, 4·units]`, the cell state before each step and tanh of the cell
// state after it `[steps, batch, units]`, the output before each step `[steps, batch, units]`.
const lstmOpsOp = lstmOp(([x, kernel, recurrent, bias], save) => {
  const [batch, steps, features] = x.shape;
  const units = recurrent.shape[0];
  const { timeMajor, inputPart } = inputProjection(x, kernel, bias);
  let h: tf.Tensor = tf.zeros([batch, units]);
  let c: tf.Tensor = tf.zeros([batch, units]);
  const gates: tf.Tensor[] = [];
  const cellsBefore: tf.Tensor[] = [];
  const tanhCells: tf.Tensor[] = [];
  const outputsBefore: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    const z = inputPart[t].add(tf.matMul(h, recurrent));
    const [zi, zf, zc, zo] = tf.split(z, 4, 1);
    const i = tf.sigmoid(zi);
    const f = tf.sigmoid(zf);
    const g = tf.tanh(zc);
    const o = tf.sigmoid(zo);
    cellsBefore.push(c);
    outputsBefore.push(h);
    c = f.mul(c).add(i.mul(g));
    const tanhC = tf.tanh(c);
    h = o.mul(tanhC);
    gates.push(tf.concat([i, f, g, o], 1));
    tanhCells.push(tanhC);
  }
  save([
    timeMajor,
    kernel,
    recurrent,
    tf.stack(gates),
    tf.stack(cellsBefore),
    tf.stack(tanhCells),
    tf.stack(outputsBefore),
  ]);
  return {
    value: h,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      lstmOpsGradient(dy, saved, [batch, steps, features]),
  };
});

/**
 * The input part of every gate at every step in one product: `x` time-major as
 * `[steps·batch, features]`, and `x·kernel + bias` as one `[batch, 4·units]` tensor per step.
 */
function inputProjection(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) {
  const { timeMajor, inputStack } = inputProjectionStack(x, kernel, bias);
  return { timeMajor, inputPart: tf.unstack(inputStack) };
}

/** As {@linkcode inputProjection}, the input parts as one `[steps, batch, 4·units]` tensor. */
function inputProjectionStack(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) {
  const [batch, steps, features] = x.shape;
  const timeMajor = tf.transpose(x, [1, 0, 2]).reshape([steps * batch, features]);
  const inputStack = tf.matMul(timeMajor, kernel).add(bias)
    .reshape([steps, batch, kernel.shape[1] as number]);
  return { timeMajor, inputStack };
}

/** Backpropagation through time from the gradient of the last output, in tensor ops. */
function lstmOpsGradient(
  dy: tf.Tensor,
  saved: tf.Tensor[],
  [batch, steps, features]: number[],
): tf.Tensor[] {
  const [timeMajor, kernel, recurrent, gateStack, cellStack, tanhStack, outputStack] = saved;
  const units = recurrent.shape[0];
  const gates = tf.unstack(gateStack);
  const cellsBefore = tf.unstack(cellStack);
  const tanhCells = tf.unstack(tanhStack);
  const one = tf.scalar(1);
  const recurrentT = tf.transpose(recurrent);
  let dh = dy;
  let dc: tf.Tensor = tf.zeros([batch, units]);
  const dz: tf.Tensor[] = new Array(steps);
  for (let t = steps - 1; t >= 0; t--) {
    const [i, f, g, o] = tf.split(gates[t], 4, 1);
    const tanhC = tanhCells[t];
    // d(cell state after step t): through h = o·tanh(c) and from step t + 1.
    const dcAfter = dc.add(dh.mul(o).mul(one.sub(tanhC.square())));
    const di = dcAfter.mul(g).mul(i).mul(one.sub(i));
    const df = dcAfter.mul(cellsBefore[t]).mul(f).mul(one.sub(f));
    const dg = dcAfter.mul(i).mul(one.sub(g.square()));
    const dO = dh.mul(tanhC).mul(o).mul(one.sub(o));
    dz[t] = tf.concat([di, df, dg, dO], 1);
    dc = dcAfter.mul(f);
    dh = tf.matMul(dz[t], recurrentT);
  }
  const dzAll = tf.concat(dz, 0); // [steps·batch, 4·units], time-major like `timeMajor`
  const outputsBefore = outputStack.reshape([steps * batch, units]);
  return inputGradients(dzAll, timeMajor, outputsBefore, kernel, [batch, steps, features]);
}

/**
 * The gradients of x, kernel, recurrent kernel and bias from those of every step's gate
 * pre-activations `dz` `[steps·batch, 4·units]`, the time-major inputs `[steps·batch, features]`
 * and the outputs before each step `[steps·batch, units]`: three products and a sum over all
 * steps at once.
 */
function inputGradients(
  dz: tf.Tensor,
  timeMajor: tf.Tensor,
  outputsBefore: tf.Tensor,
  kernel: tf.Tensor,
  [batch, steps, features]: number[],
): tf.Tensor[] {
  const dKernel = tf.matMul(timeMajor, dz, true, false);
  const dRecurrent = tf.matMul(outputsBefore, dz, true, false);
  const dBias = tf.sum(dz, 0);
  const dx = tf.matMul(dz, kernel, false, true)
    .reshape([steps, batch, features])
    .transpose([1, 0, 2]);
  return [dx, dKernel, dRecurrent, dBias];
}

// The whole recurrence in the wasm kernels: the input part of the gates for every step in one
// product, then one kernel call forward (gates, cell states, outputs, tanh of the cell states for
// every step) and one backward (the gradient of every gate pre-activation).
const lstmKernelOp = lstmOp(([x, kernel, recurrent, bias], save) => {
  const [batch, steps, features] = x.shape;
  const units = recurrent.shape[0];
  const { timeMajor, inputStack } = inputProjectionStack(x, kernel, bias);
  const [gates, cells, hidden, tanhCells] = tf.engine().runKernel(
    LSTM_SEQUENCE,
    { z: inputStack, recurrent },
  ) as tf.Tensor[];
  save([timeMajor, kernel, recurrent, gates, cells, hidden, tanhCells]);
  return {
    value: tf.slice(hidden, [steps, 0, 0], [1, batch, units]).reshape([batch, units]),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [timeMajor, kernel, recurrent, gates, cells, hidden, tanhCells] = saved;
      const dz = tf.engine().runKernel(
        LSTM_SEQUENCE_GRAD,
        { dy, recurrent, gates, cells, tanhCells },
      ) as tf.Tensor;
      const outputsBefore = tf.slice(hidden, [0, 0, 0], [steps, batch, units])
        .reshape([steps * batch, units]);
      return inputGradients(
        dz.reshape([steps * batch, 4 * units]),
        timeMajor,
        outputsBefore,
        kernel,
        [batch, steps, features],
      );
    },
  };
});

// The same cell with the state in host arrays: per step the product and the gates' logistic on
// the backend, the cell update in a loop; in the backward pass the gate derivatives in a loop.
// Time-major arrays: gates `[steps, batch, 4·units]` after their activations, cell states and
// outputs `[steps + 1, batch, units]` (index 0 the zero state), tanh of the cell state
// `[steps, batch, units]`.
const lstmHostOp = lstmOp(([x, kernel, recurrent, bias], save) => {
  const [batch, steps, features] = x.shape;
  const units = recurrent.shape[0];
  const width = 4 * units;
  const state = batch * units;
  const { timeMajor, inputPart } = inputProjection(x, kernel, bias);
  const gates = new Float32Array(steps * batch * width);
  const cells = new Float32Array((steps + 1) * state);
  const outputs = new Float32Array((steps + 1) * state);
  const tanhCells = new Float32Array(steps * state);
  for (let t = 0; t < steps; t++) {
    // The gates' pre-activations and their logistic on the backend, which vectorises it (the
    // host's exp took a third of the forward pass); tanh is scalar there too, so stays here.
    const h = tf.tensor2d(outputs.subarray(t * state, (t + 1) * state), [batch, units]);
    const product = tf.matMul(h, recurrent);
    const z = product.add(inputPart[t]);
    const logistic = tf.sigmoid(z);
    const sig = readHost(logistic);
    const preactivation = readHost(z);
    for (let r = 0; r < batch; r++) {
      const zr = r * width; // this row's gates in `sig` and `preactivation`
      const gr = (t * batch + r) * width; // and in `gates`
      for (let j = 0; j < units; j++) {
        const i = sig[zr + j];
        const f = sig[zr + units + j];
        const g = Math.tanh(preactivation[zr + 2 * units + j]);
        const o = sig[zr + 3 * units + j];
        gates[gr + j] = i;
        gates[gr + units + j] = f;
        gates[gr + 2 * units + j] = g;
        gates[gr + 3 * units + j] = o;
        const s = r * units + j;
        const c = f * cells[t * state + s] + i * g;
        const tanhC = Math.tanh(c);
        cells[(t + 1) * state + s] = c;
        tanhCells[t * state + s] = tanhC;
        outputs[(t + 1) * state + s] = o * tanhC;
      }
    }
    tf.dispose([h, product, z, logistic, inputPart[t]]);
  }
  save([timeMajor, kernel, recurrent]);
  return {
    value: tf.tensor2d(outputs.subarray(steps * state), [batch, units]),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [timeMajor, kernel, recurrent] = saved;
      const dz = new Float32Array(steps * batch * width);
      const dc = new Float32Array(state);
      let dh: Float32Array<ArrayBufferLike> = readHost(dy).slice();
      let product: tf.Tensor | undefined;
      for (let t = steps - 1; t >= 0; t--) {
        for (let r = 0; r < batch; r++) {
          const z = (t * batch + r) * width;
          for (let j = 0; j < units; j++) {
            const s = r * units + j;
            const i = gates[z + j];
            const f = gates[z + units + j];
            const g = gates[z + 2 * units + j];
            const o = gates[z + 3 * units + j];
            const tanhC = tanhCells[t * state + s];
            // d(cell state after step t): through h = o·tanh(c) and from step t + 1.
            const dcAfter = dc[s] + dh[s] * o * (1 - tanhC * tanhC);
            dz[z + j] = dcAfter * g * i * (1 - i);
            dz[z + units + j] = dcAfter * cells[t * state + s] * f * (1 - f);
            dz[z + 2 * units + j] = dcAfter * i * (1 - g * g);
            dz[z + 3 * units + j] = dh[s] * tanhC * o * (1 - o);
            dc[s] = dcAfter * f;
          }
        }
        product?.dispose();
        if (t === 0) break; // the zero initial state takes no gradient
        const dzStep = tf.tensor2d(dz.subarray(t * batch * width, (t + 1) * batch * width), [
          batch,
          width,
        ]);
        product = tf.matMul(dzStep, recurrent, false, true);
        dh = readHost(product) as Float32Array<ArrayBufferLike>;
        dzStep.dispose();
      }
      const dzAll = tf.tensor2d(dz, [steps * batch, width]);
      const outputsBefore = tf.tensor2d(outputs.subarray(0, steps * state), [steps * batch, units]);
      return inputGradients(dzAll, timeMajor, outputsBefore, kernel, [batch, steps, features]);
    },
  };
});

/** Options of {@linkcode FusedLstm}. */
export interface FusedLstmArgs {
  /** Units (size of the state and the output). */
  units: number;
  /** `[steps, features]` when the layer is a model's first. */
  inputShape?: [number, number];
  /** Layer name. */
  name?: string;
}

/**
 * An LSTM layer over `[batch, steps, features]` returning the last output `[batch, units]`,
 * trained through {@linkcode lstmLastOutput}. Weights are `kernel`, `recurrent_kernel` and
 * `bias`, laid out as `tf.layers.lstm`'s, so weights move between the two.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * const model = tf.sequential({ layers: [new FusedLstm({ units: 8, inputShape: [5, 1] })] });
 * model.countParams(); // 4·(8·(1 + 8) + 8) = 320
 * ```
 */
export class FusedLstm extends tf.layers.Layer {
  /** Class name for serialization. */
  static className = "FusedLstm";
  /** Units. */
  readonly units: number;
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: FusedLstmArgs) {
    super({ name: args.name, inputShape: args.inputShape });
    this.units = args.units;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[shape.length - 1] as number;
    const units = this.units;
    this.kernel = this.addWeight(
      "kernel",
      [features, 4 * units],
      "float32",
      tf.initializers.glorotUniform({}),
    );
    this.recurrentKernel = this.addWeight(
      "recurrent_kernel",
      [units, 4 * units],
      "float32",
      tf.initializers.orthogonal({}),
    );
    this.bias = this.addWeight("bias", [4 * units], "float32", tf.initializers.zeros());
    // Keras' unit_forget_bias: the forget gate starts open.
    const forgetOpen = tf.tidy(() =>
      tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])])
    );
    this.bias.write(forgetOpen);
    forgetOpen.dispose(); // the variable holds its own reference to the data
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0], this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    return lstmLastOutput(
      x,
      this.kernel!.read() as tf.Tensor2D,
      this.recurrentKernel!.read() as tf.Tensor2D,
      this.bias!.read() as tf.Tensor1D,
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units };
  }
}
tf.serialization.registerClass(FusedLstm);
