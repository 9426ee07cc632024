import * as tf from "@tensorflow/tfjs";
import { Adadelta } from "./adadelta.ts";
import { FusedAdam } from "./fused_adam.ts";
import { Lbfgs } from "./lbfgs.ts";

/**
 * An optimizer setting of the report's experiments, as data a claim config can hold. Learning
 * rates are always explicit: `tf.train.adadelta()` defaults to 0.001 where Keras' string
 * `"adadelta"` means 1.0, and PyTorch and Keras differ on Adam's ε.
 */
export type OptimizerSpec =
  | {
    kind: "sgd";
    lr: number;
    /** Momentum coefficient; 0 is plain SGD. @default 0 */
    momentum?: number;
    /** Nesterov momentum (PyTorch `nesterov=True`). @default false */
    nesterov?: boolean;
  }
  | {
    kind: "adam";
    lr: number;
    /** ε of the denominator: PyTorch 1e-8, Keras 1e-7. @default 1e-7 */
    epsilon?: number;
  }
  | {
    kind: "adadelta";
    lr: number;
    /** Decay of the running averages (Keras ρ). @default 0.95 */
    rho?: number;
  }
  | {
    kind: "lbfgs";
    lr: number;
    /** Iterations per step; the course runs one per epoch. @default 1 */
    maxIter?: number;
    /** Curvature pairs kept. @default 100 */
    historySize?: number;
  };

/**
 * Build the optimizer a spec names: a TF.js optimizer for SGD, {@linkcode FusedAdam} (TF.js's
 * Adam in one kernel call) for Adam, the suite's
 * {@linkcode Adadelta} (Keras' update rule), an {@linkcode Lbfgs} with strong-Wolfe line search
 * for `"lbfgs"`.
 *
 * @param spec The setting.
 * @returns A fresh optimizer; the caller disposes a TF.js one.
 * @throws {RangeError} For a learning rate that is not positive.
 * @example
 * ```ts
 * const sgd = createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true });
 * const lbfgs = createOptimizer({ kind: "lbfgs", lr: 1 });
 * ```
 */
export function createOptimizer(spec: OptimizerSpec): tf.Optimizer | Lbfgs {
  if (!(spec.lr > 0)) {
    throw new RangeError(`Learning rate of ${spec.kind} must be positive: got ${spec.lr}`);
  }
  switch (spec.kind) {
    case "sgd":
      return spec.momentum
        ? new Momentum(spec.lr, spec.momentum, spec.nesterov ?? false)
        : tf.train.sgd(spec.lr);
    case "adam":
      // tf.train.adam's rule and numbers, its update of all variables in one kernel call.
      return new FusedAdam(spec.lr, 0.9, 0.999, spec.epsilon ?? 1e-7);
    case "adadelta":
      // Not tf.train.adadelta: its first step is a full gradient step (see Adadelta).
      return new Adadelta(spec.lr, spec.rho ?? 0.95, 1e-7);
    case "lbfgs":
      return new Lbfgs({
        lr: spec.lr,
        maxIter: spec.maxIter ?? 1,
        historySize: spec.historySize ?? 100,
        lineSearch: "strong_wolfe",
      });
  }
}

/**
 * A short label for a spec, e.g. `sgd 0.1 nesterov 0.9`, for logs and tables.
 *
 * @param spec The setting.
 * @returns The label.
 * @example
 * ```ts
 * optimizerLabel({ kind: "adadelta", lr: 1 }); // "adadelta 1"
 * ```
 */
export function optimizerLabel(spec: OptimizerSpec): string {
  if (spec.kind === "sgd" && spec.momentum) {
    return `sgd ${spec.lr} ${spec.nesterov ? "nesterov" : "momentum"} ${spec.momentum}`;
  }
  return `${spec.kind} ${spec.lr}`;
}

/**
 * TF.js 4.22's momentum optimizer, whose `dispose` also frees the learning-rate scalar that
 * `MomentumOptimizer.dispose` leaves behind (it overrides `SGDOptimizer.dispose` without calling
 * it).
 */
class Momentum extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}
