"""The PyTorch twin of 1.3.3 (optimizers across widths): the suite's surface runs in torch.

Same data (the 40 x 40 grid of linspace(-3, 3) on both axes, f = sin(0.8 r^2) / r^1.8, training
targets f + sigma * N(0, 1) drawn per seed, test against the noise-free f on the same grid), same
net (2-w-w-1, ReLU, nn.Linear's default initialisation, which the suite copies), same optimizers
as given (SGD, SGD with Nesterov momentum, Adam, L-BFGS with one iteration and a strong-Wolfe line
search per epoch, full batch), same batches (reshuffled every epoch), same epochs. Training time
is the main thread's CPU time of each piece between logged epochs (the MSE logging left out), and
a run's cost is the median piece's time per epoch times its epochs, as the suite measures it.

A run whose training MSE is not finite at a logged epoch stops there, as the suite's does; the
twin then goes on with the other runs and names the diverged ones (their metrics are null).

Prints one JSON line per seed: {"framework", "version", "seed", "diverged": ["optim3@500 epoch
5", ...], "metrics": {trainMse:<o>@<w>, testMse:..., seconds:..., costSeconds:..., timeRatio:<o>,
optim1TestAboveOthersMin, optimizersWiderLowerTrain}} with the suite's names.

Usage: /usr/bin/python3 crosscheck/surface_torch.py --optimizers JSON [--widths 10,50,500]
       [--noise 0.1] [--epochs 200] [--log-every 5] [--seeds 0,1,2]
"""

import argparse
import json
import math
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(1)

GRID = 40  # points per axis (course notebook)
EXTENT = 3.0  # the grid spans [-3, 3] on both axes


def surface(noise, generator):
    """Inputs [1600, 2] (x fastest, as numpy's meshgrid), noisy and clean targets [1600, 1]."""
    axis = torch.linspace(-EXTENT, EXTENT, GRID, dtype=torch.float64)
    y, x = torch.meshgrid(axis, axis, indexing="ij")
    r2 = x ** 2 + y ** 2
    clean = (torch.sin(0.8 * r2) / r2 ** 0.9).reshape(-1, 1)
    noisy = clean + noise * torch.randn(clean.shape, generator=generator, dtype=torch.float64)
    inputs = torch.stack([x.reshape(-1), y.reshape(-1)], dim=1)
    return inputs.float(), noisy.float(), clean.float()


def build(width):
    return nn.Sequential(nn.Linear(2, width), nn.ReLU(), nn.Linear(width, width), nn.ReLU(),
                         nn.Linear(width, 1))


def optimizer_of(spec, params):
    kind = spec["kind"]
    if kind == "sgd":
        momentum = spec.get("momentum", 0)
        return torch.optim.SGD(params, lr=spec["lr"], momentum=momentum,
                               nesterov=bool(spec.get("nesterov", False)) and momentum > 0)
    if kind == "adam":
        return torch.optim.Adam(params, lr=spec["lr"], eps=spec.get("epsilon", 1e-7))
    if kind == "lbfgs":
        return torch.optim.LBFGS(params, lr=spec["lr"], max_iter=spec.get("maxIter", 1),
                                 history_size=spec.get("historySize", 100),
                                 line_search_fn="strong_wolfe")
    raise ValueError(f"Unknown optimizer kind {kind}: expected sgd, adam or lbfgs")


def mse(model, x, target):
    with torch.no_grad():
        return float(torch.mean((model(x) - target) ** 2))


def train(optimizer, width, data, args):
    """One run; returns (train MSE, test MSE, wall seconds, cost seconds, diverged epoch)."""
    x, y, clean = data
    model = build(width)
    opt = optimizer_of(optimizer["spec"], model.parameters())
    n = x.shape[0]
    batch_size = min(optimizer["batchSize"], n)
    loss_fn = nn.MSELoss()

    def closure():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        return loss

    seconds = 0.0
    pieces = []
    started, thread_started, first = time.perf_counter(), time.thread_time(), 1
    for epoch in range(1, args.epochs + 1):
        if optimizer["spec"]["kind"] == "lbfgs":
            opt.step(closure)
        elif batch_size == n:
            closure()
            opt.step()
        else:
            order = torch.randperm(n)
            xs, ys = x[order], y[order]
            for b in range(0, n, batch_size):
                opt.zero_grad()
                loss_fn(model(xs[b:b + batch_size]), ys[b:b + batch_size]).backward()
                opt.step()
        if epoch % args.log_every == 0 or epoch == args.epochs:
            seconds += time.perf_counter() - started
            pieces.append((time.thread_time() - thread_started) / (epoch - first + 1))
            if not math.isfinite(mse(model, x, y)):
                return None, None, None, None, epoch
            started, thread_started, first = time.perf_counter(), time.thread_time(), epoch + 1
    cost = statistics.median(pieces) * args.epochs
    return mse(model, x, y), mse(model, x, clean), seconds, cost, None


def js_max(values):
    """max as JavaScript's Math.max: NaN when any value is NaN (Python's max skips it by order)."""
    values = list(values)
    return math.nan if any(math.isnan(v) for v in values) else max(values)


def js_min(values):
    values = list(values)
    return math.nan if any(math.isnan(v) for v in values) else min(values)


def derived(metrics, names, widths):
    """timeRatio, optim1TestAboveOthersMin, optimizersWiderLowerTrain as lib/claims/ex1/width.ts."""
    narrow, wide = widths[0], widths[-1]

    def m(kind, name, width):
        value = metrics[f"{kind}:{name}@{width}"]
        return math.nan if value is None else value

    out = {f"timeRatio:{n}": m("costSeconds", n, wide) / m("costSeconds", n, narrow)
           for n in names}
    out["optim1TestAboveOthersMin"] = js_min(
        m("testMse", "optim1", w) - js_max(m("testMse", n, w) for n in names if n != "optim1")
        for w in widths)
    out["optimizersWiderLowerTrain"] = sum(
        1 for n in names if m("trainMse", n, wide) < m("trainMse", n, narrow))
    return {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in out.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--optimizers", required=True,
                        help='JSON list of {"name", "spec", "batchSize"} as the suite has them')
    parser.add_argument("--widths", default="10,50,500")
    parser.add_argument("--noise", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--log-every", type=int, default=5)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    optimizers = json.loads(args.optimizers)
    names = [o["name"] for o in optimizers]
    widths = [int(w) for w in args.widths.split(",")]
    for seed in (int(s) for s in args.seeds.split(",")):
        torch.manual_seed(seed)
        data = surface(args.noise, torch.Generator().manual_seed(10_000 + seed))
        metrics, diverged = {}, []
        for width in widths:
            for optimizer in optimizers:
                key = f"{optimizer['name']}@{width}"
                train_mse, test_mse, seconds, cost, stop = train(optimizer, width, data, args)
                if stop is not None:
                    diverged.append(f"{key} epoch {stop}")
                metrics[f"trainMse:{key}"] = train_mse
                metrics[f"testMse:{key}"] = test_mse
                metrics[f"seconds:{key}"] = seconds
                metrics[f"costSeconds:{key}"] = cost
        metrics.update(derived(metrics, names, widths))
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "diverged": diverged, "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
