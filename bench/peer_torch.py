"""The peer of `deno task bench --peer`: the bench's four models trained in PyTorch on the CPU.

Same model, same batch, same optimizer (Adam, lr 1e-3), same step as the TF.js side
(forward, backward, update, loss read back), on synthetic data. Prints one JSON line per model:
{"model", "batch", "samplesPerSec", "steps", "threads", "blasThreads", "channelsLast", "torch"}.

Usage: /usr/bin/python3 bench/peer_torch.py --model cnn [--seconds 3] [--warmup 3]
       [--threads N] [--blas-threads N] [--channels-last 0|1]
Without a flag, each model runs in the configuration measured fastest on the 2-core Zen 4
development machine (see BEST below and bench/README.md).
"""

import argparse
import json
import os
import sys
import time

# Fastest configuration per model, measured with this script's flags on the development machine
# while it was shared (load 8-9 on 2 cores; bench/README.md, "Peer configuration"): torch
# intra-op threads, OpenBLAS threads, channels_last for the CNN's convolutions. Under that load a
# second torch or OpenBLAS thread made every model 2-30x slower (OpenMP waits on a core another
# process holds), so one thread each is best here, as TF.js wasm runs on one thread.
BEST = {
    "mlp": {"threads": 1, "blas_threads": 1, "channels_last": 0},
    "cnn": {"threads": 1, "blas_threads": 1, "channels_last": 1},
    "lstm": {"threads": 1, "blas_threads": 1, "channels_last": 0},
    "vit": {"threads": 1, "blas_threads": 1, "channels_last": 0},
}
BATCH = {"mlp": 32, "cnn": 128, "lstm": 32, "vit": 128}
LEARNING_RATE = 1e-3  # Adam, as the TF.js side

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--model", required=True, choices=sorted(BATCH))
parser.add_argument("--seconds", type=float, default=3.0)
parser.add_argument("--warmup", type=int, default=3)
parser.add_argument("--threads", type=int)
parser.add_argument("--blas-threads", type=int)
parser.add_argument("--channels-last", type=int, choices=[0, 1])
args = parser.parse_args()
best = BEST[args.model]
threads = args.threads if args.threads is not None else best["threads"]
blas_threads = args.blas_threads if args.blas_threads is not None else best["blas_threads"]
channels_last = bool(
    args.channels_last if args.channels_last is not None else best["channels_last"]
)
# OpenBLAS reads its thread count when the library loads, i.e. at `import torch`.
os.environ["OPENBLAS_NUM_THREADS"] = str(blas_threads)
os.environ["OMP_NUM_THREADS"] = str(threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(threads)
torch.manual_seed(0)


class Vit(nn.Module):
    """lib/models/vit.ts's ViT: 7×7 patches, class token, positions, pre-norm blocks, cls head."""

    def __init__(self, dim=64, depth=2, heads=4, mlp_dim=128, patch=7, side=28, classes=10):
        super().__init__()
        self.patch, self.heads, self.dim = patch, heads, dim
        tokens = (side // patch) ** 2
        self.embed = nn.Linear(patch * patch, dim)
        self.token = nn.Parameter(torch.zeros(1, 1, dim))
        self.positions = nn.Parameter(torch.randn(1, tokens + 1, dim) * 0.02)
        self.blocks = nn.ModuleList()
        for _ in range(depth):
            self.blocks.append(nn.ModuleDict({
                "ln1": nn.LayerNorm(dim),
                "qkv": nn.Linear(dim, 3 * dim, bias=False),
                "proj": nn.Linear(dim, dim),
                "ln2": nn.LayerNorm(dim),
                "mlp1": nn.Linear(dim, mlp_dim),
                "mlp2": nn.Linear(mlp_dim, dim),
            }))
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):  # x: [b, 28, 28, 1], as the TF.js side
        b, g, p = x.shape[0], x.shape[1] // self.patch, self.patch
        x = x.reshape(b, g, p, g, p).permute(0, 1, 3, 2, 4).reshape(b, g * g, p * p)
        x = self.embed(x)  # [b, 16, dim]
        x = torch.cat([self.token.expand(b, 1, self.dim), x], 1) + self.positions  # [b, 17, dim]
        n, hd = x.shape[1], self.dim // self.heads
        for blk in self.blocks:
            qkv = blk["qkv"](blk["ln1"](x)).reshape(b, n, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]  # [b, heads, n, hd]
            a = torch.softmax(q @ k.transpose(-1, -2) / hd**0.5, -1)
            y = (a @ v).transpose(1, 2).reshape(b, n, self.dim)
            x = x + blk["proj"](y)
            x = x + blk["mlp2"](nn.functional.gelu(blk["mlp1"](blk["ln2"](x))))
        return self.head(self.norm(x)[:, 0])


class LastStepLstm(nn.Module):
    """LSTM(100) over [b, 50, 1], its last hidden state, then dense(1)."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 100, batch_first=True)
        self.dense = nn.Linear(100, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.dense(out[:, -1])


def build(name):
    """Model, input [batch, ...], target and loss of one bench model."""
    b = BATCH[name]
    if name == "mlp":
        model = nn.Sequential(nn.Linear(2, 50), nn.ReLU(), nn.Linear(50, 50), nn.ReLU(),
                              nn.Linear(50, 1))
        return model, torch.rand(b, 2), torch.rand(b, 1), nn.MSELoss()
    if name == "cnn":
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),  # [b, 32, 13, 13]
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),  # [b, 64, 5, 5]
            nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10))
        x = torch.rand(b, 1, 28, 28)
        if channels_last:
            model = model.to(memory_format=torch.channels_last)
            x = x.contiguous(memory_format=torch.channels_last)
        return model, x, torch.randint(0, 10, (b,)), nn.CrossEntropyLoss()
    if name == "lstm":
        return LastStepLstm(), torch.rand(b, 50, 1), torch.rand(b, 1), nn.MSELoss()
    return Vit(), torch.rand(b, 28, 28, 1), torch.randint(0, 10, (b,)), nn.CrossEntropyLoss()


def main():
    model, x, y, loss_fn = build(args.model)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()  # read back, as trainOnBatch does

    for _ in range(args.warmup):
        step()
    steps, start = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        if time.perf_counter() - start >= args.seconds:
            break
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "model": args.model,
        "batch": BATCH[args.model],
        "samplesPerSec": float(f"{steps * BATCH[args.model] / elapsed:.4g}"),
        "steps": steps,
        "threads": threads,
        "blasThreads": blas_threads,
        "channelsLast": channels_last,
        "torch": torch.__version__,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
