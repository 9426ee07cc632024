"""The PyTorch twin of 2.1.2 (3-neuron Hopfield network): design, starts and metrics in torch.

The design is the course's Li–Michel–Porod rule (MATLAB newhop) written from its definition
(course-facts): with the Q targets as columns of T, Y = the first Q−1 columns minus the last,
U from the SVD of Y and K its rank; TP = U_K·U_Kᵀ, TM = I − TP, τ = 10, Tτ = TP − τ·TM,
Iτ = t_Q − Tτ·t_Q, h = 0.15, C1 = e^h − 1, C2 = −(e^(−τh) − 1)/τ, W = expm(h·Tτ),
b = U·diag(C1 (K times), C2 (S−K times))·Uᵀ·Iτ. The suite builds the same net with Gram–Schmidt
and its own symmetric exponential (lib/models/hopfield_design.ts): the twin checks that too.

Update, synchronous, float64: a ← clip(W·a + b, −1, 1); a run stops when no entry moves by more
than the tolerance, and its iteration count is the number of updates made before that step
(lib/models/hopfield_run.ts). Random starts are uniform in [−1, 1]^3, in groups of 50.

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {...}} with the
suite's metric names (reportStatesMatched, storedFixedPoints, repeatMismatches,
fractionToTargets, unconverged, groupsAllTargets, meanIterations, stdIterations,
groupsMeanItersAtLeastReport).

Usage: /usr/bin/python3 crosscheck/hopfield_torch.py [--starts 2000] [--group-size 50]
       [--tolerance 1e-6] [--max-iterations 1000] [--repeats 100] [--seeds 0,1,2]
"""

import argparse
import json
import math
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

torch.set_num_threads(1)

# Section 2.1.2: the stored patterns and the report's symmetric starts with their end states.
PATTERNS = [[1, 1, 1], [-1, -1, 1], [1, -1, -1]]
REPORT_STARTS = [
    ([-0.1, -0.1, -0.1], [-0.06, -1, -0.06]),
    ([-0.5, -0.5, -0.5], [-0.06, -1, -0.06]),
    ([-0.5, 0.5, -0.5], [0.37, -0.37, 0.37]),
]
REPORT_MEAN_ITERATIONS = 26


def design(patterns, tau=10.0, h=0.15):
    t = torch.tensor(patterns, dtype=torch.float64).T  # [S, Q], targets as columns
    s, q = t.shape
    y = t[:, :q - 1] - t[:, q - 1:q]  # [S, Q−1]
    u, sv, _ = torch.linalg.svd(y, full_matrices=True)  # u [S, S]
    k = int((sv > sv.max() * 1e-10).sum())
    tp = u[:, :k] @ u[:, :k].T
    tm = torch.eye(s, dtype=torch.float64) - tp
    t_tau = tp - tau * tm
    i_tau = t[:, q - 1] - t_tau @ t[:, q - 1]
    c1 = math.exp(h) - 1
    c2 = -(math.exp(-tau * h) - 1) / tau
    d = torch.tensor([c1] * k + [c2] * (s - k), dtype=torch.float64)
    w = torch.linalg.matrix_exp(h * t_tau)
    b = u @ torch.diag(d) @ u.T @ i_tau
    return w, b


def run(w, b, starts, tolerance, max_iterations):
    """Synchronous runs of a batch of starts [n, S]: final states, iterations, converged."""
    state = starts.clone()
    n = state.shape[0]
    iterations = torch.full((n,), max_iterations, dtype=torch.long)
    done = torch.zeros(n, dtype=torch.bool)
    for it in range(max_iterations):
        nxt = torch.clamp(state @ w.T + b, -1.0, 1.0)
        change = (nxt - state).abs().max(dim=1).values
        stop = (~done) & (change <= tolerance)
        iterations[stop] = it
        done |= stop
        if bool(done.all()):
            break
        state = torch.where(done.unsqueeze(1), state, nxt)
    return state, iterations, done


def near(state, target, atol):
    return (state - target).abs().max(dim=-1).values <= atol


def run_seed(args, seed, w, b):
    torch.manual_seed(seed)
    patterns = torch.tensor(PATTERNS, dtype=torch.float64)
    starts = 2 * torch.rand(args.starts, 3, dtype=torch.float64) - 1
    final, iterations, done = run(w, b, starts, args.tolerance, args.max_iterations)
    hits = torch.stack([near(final, p, 1e-6) for p in patterns]).any(dim=0)
    g = args.group_size
    groups = args.starts // g
    group_hits = hits[:groups * g].view(groups, g).sum(dim=1)
    group_means = iterations[:groups * g].view(groups, g).double().mean(dim=1)
    fixed, fixed_iters, _ = run(w, b, patterns, args.tolerance, args.max_iterations)
    stored_fixed = int(((fixed_iters == 0) & near(fixed, patterns, 0)).sum())
    inputs = torch.tensor([s for s, _ in REPORT_STARTS] + PATTERNS, dtype=torch.float64)
    first, _, _ = run(w, b, inputs, args.tolerance, args.max_iterations)
    mismatches = 0
    for _ in range(1, args.repeats):
        again, _, _ = run(w, b, inputs, args.tolerance, args.max_iterations)
        mismatches += int((~near(again, first, 1e-9)).sum())
    report_in = torch.tensor([s for s, _ in REPORT_STARTS], dtype=torch.float64)
    report_end = torch.tensor([e for _, e in REPORT_STARTS], dtype=torch.float64)
    report_final, _, _ = run(w, b, report_in, args.tolerance, args.max_iterations)
    iters = iterations.double()
    mean = float(iters.mean())
    return {
        "framework": "pytorch",
        "version": torch.__version__,
        "seed": seed,
        "metrics": {
            "reportStatesMatched": int(near(report_final, report_end, 0.005).sum()),
            "storedFixedPoints": stored_fixed,
            "repeatMismatches": mismatches,
            "fractionToTargets": float(hits.double().mean()),
            "unconverged": int((~done).sum()),
            "groupsAllTargets": float((group_hits == g).double().mean()),
            "meanIterations": mean,
            "stdIterations": float(((iters - mean) ** 2).mean().sqrt()),  # population, as suite
            "groupsMeanItersAtLeastReport":
                float((group_means >= REPORT_MEAN_ITERATIONS).double().mean()),
        },
        "finalStates": [[round(float(x), 4) for x in row] for row in report_final],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=2000)
    parser.add_argument("--group-size", type=int, default=50)
    parser.add_argument("--tolerance", type=float, default=1e-6)
    parser.add_argument("--max-iterations", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    w, b = design(PATTERNS)
    for seed in (int(s) for s in args.seeds.split(",")):
        print(json.dumps(run_seed(args, seed, w, b)), flush=True)


if __name__ == "__main__":
    main()
