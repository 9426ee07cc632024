"""1.3.2's Adam run (2-50-50-1, batch 400, 2500 epochs, ε 1e-8) under torch's Adam and under
tf.train.adam's update (ε added to √v outside the bias correction), paired: same initial weights,
data and shuffles per seed. Tells whether the update rule, or the twin's draw, parts the frameworks'
Adam test MSE (crosscheck/measurements/1.3.2-adam-epsilon.jsonl).

Prints one JSON line per seed: {"seed", "torch": [train MSE, test MSE], "tf": [train MSE, test MSE]}.

Usage: /usr/bin/python3 crosscheck/adam_epsilon_torch.py [epochs=2500] [seeds=20]
"""
import json
import math
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from surface_torch import build, surface  # noqa: E402

torch.set_num_threads(1)


class TfAdam(torch.optim.Optimizer):
    """tfjs-core's Adam: lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε)."""

    def __init__(self, params, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
        super().__init__(params, dict(lr=lr, b1=b1, b2=b2, eps=eps))

    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            for p in g["params"]:
                s = self.state[p]
                if not s:
                    s.update(t=0, m=torch.zeros_like(p), v=torch.zeros_like(p))
                s["t"] += 1
                t = s["t"]
                s["m"].mul_(g["b1"]).add_(p.grad, alpha=1 - g["b1"])
                s["v"].mul_(g["b2"]).addcmul_(p.grad, p.grad, value=1 - g["b2"])
                lr_t = g["lr"] * math.sqrt(1 - g["b2"] ** t) / (1 - g["b1"] ** t)
                p.sub_(lr_t * s["m"] / (s["v"].sqrt() + g["eps"]))


def run(kind, seed, data, epochs):
    x, y, clean = data
    torch.manual_seed(seed)
    model = build(50)
    opt = (torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8) if kind == "torch"
           else TfAdam(model.parameters()))
    g = torch.Generator().manual_seed(seed + 555)
    loss_fn = nn.MSELoss()
    for _ in range(epochs):
        order = torch.randperm(1600, generator=g)
        xs, ys = x[order], y[order]
        for b in range(0, 1600, 400):
            opt.zero_grad()
            loss_fn(model(xs[b:b + 400]), ys[b:b + 400]).backward()
            opt.step()
    with torch.no_grad():
        return float(((model(x) - y) ** 2).mean()), float(((model(x) - clean) ** 2).mean())


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
    for seed in range(int(sys.argv[2]) if len(sys.argv) > 2 else 20):
        data = surface(0.1, torch.Generator().manual_seed(10_000 + seed))
        out = {"seed": seed}
        for kind in ("torch", "tf"):
            out[kind] = run(kind, seed, data, epochs)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
