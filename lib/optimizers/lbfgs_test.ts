import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../backend/mod.ts";
import { Lbfgs, type LbfgsProblem, variablesProblem } from "./mod.ts";

/** A problem over plain float64 parameters, for test functions. */
function plainProblem(
  start: number[],
  fn: (x: Float64Array) => { loss: number; grad: Float64Array },
): LbfgsProblem & { x: Float64Array } {
  const problem = {
    x: Float64Array.from(start),
    size: start.length,
    get: () => problem.x.slice(),
    set: (v: Float64Array) => void (problem.x = v.slice()),
    evaluate: () => fn(problem.x),
  };
  return problem;
}

function rosenbrock(x: Float64Array): { loss: number; grad: Float64Array } {
  const [a, b] = x;
  return {
    loss: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
    grad: new Float64Array([-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)]),
  };
}

/** A convex quadratic ½xᵀAx − bᵀx with A = QᵀDQ, D = 1..n, from a fixed rotation. */
function quadratic(n: number): (x: Float64Array) => { loss: number; grad: Float64Array } {
  const a: number[][] = Array.from({ length: n }, () => new Array(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i][j] = (i === j ? i + 1 : 0) + 0.3 * Math.cos(i + j) * Math.cos(i - j) / n;
    }
  }
  const sym = a.map((row, i) => row.map((v, j) => (v + a[j][i]) / 2));
  const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  return (x) => {
    const ax = sym.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
    let loss = 0;
    for (let i = 0; i < n; i++) loss += 0.5 * x[i] * ax[i] - b[i] * x[i];
    return { loss, grad: Float64Array.from(ax, (v, i) => v - b[i]) };
  };
}

Deno.test("Lbfgs() reaches the Rosenbrock minimum (1, 1) from (−1.2, 1) to 1e-6", async () => {
  const problem = plainProblem([-1.2, 1], rosenbrock);
  // The course calls step() once per epoch with max_iter 1; PyTorch's default tolerances (1e-7 on
  // the gradient, 1e-9 on gᵀd) stop near f ≈ 1e-10, short of 1e-6 in x, so they are tightened.
  const lbfgs = new Lbfgs({
    lr: 1,
    maxIter: 1,
    lineSearch: "strong_wolfe",
    toleranceGrad: 1e-12,
    toleranceChange: 1e-20,
  });
  for (let i = 0; i < 200; i++) await lbfgs.step(problem);
  assert.ok(Math.abs(problem.x[0] - 1) < 1e-6, `x = ${problem.x[0]}`);
  assert.ok(Math.abs(problem.x[1] - 1) < 1e-6, `y = ${problem.x[1]}`);
});

Deno.test("Lbfgs() accepts only steps satisfying the strong Wolfe conditions", async () => {
  const problem = plainProblem([-1.2, 1], rosenbrock);
  const lbfgs = new Lbfgs({ maxIter: 1, lineSearch: "strong_wolfe" });
  const { c1, c2 } = lbfgs.options;
  let checked = 0;
  for (let i = 0; i < 60; i++) {
    const before = lbfgs.evaluations;
    await lbfgs.step(problem);
    const step = lbfgs.lastStep;
    if (!step || lbfgs.evaluations === before + 1) continue;
    if (Math.abs(step.gtd) < 1e-12) break; // converged: nothing left to check
    assert.ok(
      step.newLoss <= step.loss + c1 * step.t * step.gtd,
      `Armijo fails at step ${i}: ${JSON.stringify(step)}`,
    );
    assert.ok(
      Math.abs(step.newGtd) <= c2 * Math.abs(step.gtd),
      `curvature fails at step ${i}: ${JSON.stringify(step)}`,
    );
    checked++;
  }
  assert.ok(checked >= 20, `only ${checked} steps checked`);
});

Deno.test("Lbfgs() solves a 10-dimensional convex quadratic in at most 10 iterations", async () => {
  const n = 10;
  const fn = quadratic(n);
  const problem = plainProblem(new Array(n).fill(0), fn);
  // c2 = 0.01 makes the line search near-exact, the setting of the n-step termination theorem
  // for quasi-Newton methods on quadratics (Nocedal & Wright, theorem 6.4).
  const lbfgs = new Lbfgs({ maxIter: n, maxEval: 100, lineSearch: "strong_wolfe", c2: 0.01 });
  await lbfgs.step(problem);
  const grad = fn(problem.x).grad;
  assert.ok(lbfgs.iterations <= n, `took ${lbfgs.iterations} iterations`);
  assert.ok(Math.max(...grad.map(Math.abs)) < 1e-6, `gradient ${grad}`);
});

Deno.test("Lbfgs() refuses a non-positive learning rate", () => {
  assert.throws(
    () => new Lbfgs({ lr: 0 }),
    { message: /^L-BFGS needs lr > 0, maxIter ≥ 1 and historySize ≥ 1: got lr 0/ },
  );
});

Deno.test("Lbfgs() refuses a gradient of the wrong length", async () => {
  const problem = plainProblem([0, 0], () => ({ loss: 1, grad: new Float64Array(3) }));
  await assert.rejects(
    () => new Lbfgs().step(problem),
    { message: "Gradient length must equal the problem size 2: got 3" },
  );
});

Deno.test("variablesProblem() lets Lbfgs fit a linear model's variables without leaks", async () => {
  await initBackend("cpu");
  const x = tf.tensor2d([[0], [1], [2], [3]]);
  const y = tf.tensor2d([[1], [3], [5], [7]]);
  const w = tf.variable(tf.zeros([1, 1]));
  const b = tf.variable(tf.zeros([1]));
  const problem = variablesProblem([w, b], () => tf.losses.meanSquaredError(y, x.matMul(w).add(b)));
  const before = tf.memory().numTensors;
  const lbfgs = new Lbfgs({ maxIter: 1, lineSearch: "strong_wolfe" });
  for (let i = 0; i < 20; i++) await lbfgs.step(problem);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(Math.abs(w.dataSync()[0] - 2) < 1e-3, `w = ${w.dataSync()[0]}`);
  assert.ok(Math.abs(b.dataSync()[0] - 1) < 1e-3, `b = ${b.dataSync()[0]}`);
  assert.equal(problem.size, 2);
  tf.dispose([x, y, w, b]);
});

const gpu = await navigator.gpu?.requestAdapter().catch(() => null);

Deno.test(
  "variablesProblem() reads asynchronously, so Lbfgs fits variables on webgpu",
  { ignore: !gpu, sanitizeOps: false, sanitizeResources: false },
  async () => {
    await initBackend("webgpu");
    try {
      const x = tf.tensor2d([[0], [1], [2], [3]]);
      const y = tf.tensor2d([[1], [3], [5], [7]]);
      const w = tf.variable(tf.zeros([1, 1]));
      const b = tf.variable(tf.zeros([1]));
      const problem = variablesProblem(
        [w, b],
        () => tf.losses.meanSquaredError(y, x.matMul(w).add(b)),
      );
      const lbfgs = new Lbfgs({ maxIter: 1, lineSearch: "strong_wolfe" });
      for (let i = 0; i < 20; i++) await lbfgs.step(problem);
      const [slope, intercept] = [(await w.data())[0], (await b.data())[0]];
      assert.ok(Math.abs(slope - 2) < 1e-3, `w = ${slope}`);
      assert.ok(Math.abs(intercept - 1) < 1e-3, `b = ${intercept}`);
      tf.dispose([x, y, w, b]);
    } finally {
      await initBackend("cpu");
    }
  },
);

Deno.test("variablesProblem() refuses a vector of the wrong length", () => {
  const w = tf.variable(tf.zeros([2]));
  const problem = variablesProblem([w], () => w.sum() as tf.Scalar);
  assert.throws(
    () => problem.set(new Float64Array(3)),
    { message: "Parameter vector must have length 2: got 3" },
  );
  w.dispose();
});
