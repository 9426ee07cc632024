"""The PyTorch twin of 3.3.1 (ViT configurations on MNIST): lib/models/vit.ts in torch.

Same data (MNIST gzip IDX from ANNDL_DATA_DIR, pixels / 255, random train and test subsets per
seed), same model (7×7 patches → Dense(dim), a zero class token, positions from a normal of std
0.02 truncated at two std, pre-norm blocks of multi-head self-attention with one bias-free QKV
projection and a projection with bias, LayerNorm ε 1e-5, a GELU MLP, a final LayerNorm, the
class token's output → Dense(10)), Glorot-uniform kernels and zero biases as Keras' Dense, Adam
(Keras' epsilon 1e-7) at lr·γ^epoch, cross-entropy, mini-batches reshuffled every epoch.

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {acc_<model>,
bestEpochAcc_<model>, minAcc, othersMinusSmaller, bestMinusOthers}} with the suite's names.

Usage: /usr/bin/python3 crosscheck/vit_torch.py --models smaller,baseline [--train-count 2000]
       [--test-count 1000] [--epochs 2] [--batch-size 128] [--lr 1e-3] [--lr-decay 0.95]
       [--seeds 0,1,2]
"""

import argparse
import json
import math
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from _mnist import load, subset, train_epoch  # noqa: E402

torch.set_num_threads(1)

# lib/models/vit.ts VIT_CONFIGS: (dim, depth, heads, mlp_dim).
CONFIGS = {
    "baseline": (64, 6, 8, 128),
    "smaller": (32, 4, 4, 64),
    "wider": (128, 6, 8, 256),
    "deeper": (64, 8, 8, 128),
    "best": (128, 8, 16, 512),
}
KERAS_ADAM_EPSILON = 1e-7


def dense(fan_in, fan_out, bias=True):
    """Keras' Dense: Glorot-uniform kernel, zero bias."""
    layer = nn.Linear(fan_in, fan_out, bias=bias)
    nn.init.xavier_uniform_(layer.weight)
    if bias:
        nn.init.zeros_(layer.bias)
    return layer


class Block(nn.Module):
    def __init__(self, dim, heads, mlp_dim):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(dim, eps=1e-5)
        self.qkv = dense(dim, 3 * dim, bias=False)
        self.proj = dense(dim, dim)
        self.ln2 = nn.LayerNorm(dim, eps=1e-5)
        self.mlp1 = dense(dim, mlp_dim)
        self.mlp2 = dense(mlp_dim, dim)

    def forward(self, x):  # [b, n, dim]
        b, n, dim = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(dim, dim=2)
        heads = [t.view(b, n, self.heads, dim // self.heads).transpose(1, 2) for t in (q, k, v)]
        q, k, v = heads  # [b, h, n, d]
        weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dim // self.heads), dim=-1)
        attended = (weights @ v).transpose(1, 2).reshape(b, n, dim)
        x = x + self.proj(attended)
        return x + self.mlp2(nn.functional.gelu(self.mlp1(self.ln2(x))))


class Vit(nn.Module):
    def __init__(self, dim, depth, heads, mlp_dim, patch=7, side=28, classes=10):
        super().__init__()
        self.patch, self.grid = patch, side // patch
        tokens = self.grid ** 2
        self.embed = dense(patch * patch, dim)
        self.token = nn.Parameter(torch.zeros(1, 1, dim))
        self.positions = nn.Parameter(torch.empty(1, tokens + 1, dim))
        nn.init.trunc_normal_(self.positions, std=0.02, a=-0.04, b=0.04)
        self.blocks = nn.ModuleList([Block(dim, heads, mlp_dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim, eps=1e-5)
        self.head = dense(dim, classes)

    def forward(self, x):  # x [b, 784]
        b = x.shape[0]
        g, p = self.grid, self.patch
        # [b, 4, 7, 4, 7] → [b, 4, 4, 7, 7] → [b, 16, 49], as the TF.js reshape and permute.
        x = x.view(b, g, p, g, p).permute(0, 1, 3, 2, 4).reshape(b, g * g, p * p)
        x = torch.cat([self.token.expand(b, -1, -1), self.embed(x)], dim=1) + self.positions
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x)[:, 0])  # logits [b, classes]


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(x).argmax(dim=1) == y).double().mean())


def train_model(name, data, args):
    x_train, y_train, x_test, y_test = data
    model = Vit(*CONFIGS[name])
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, eps=KERAS_ADAM_EPSILON)
    loss_fn = nn.CrossEntropyLoss()
    accs = []
    for epoch in range(args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = args.lr * args.lr_decay ** epoch  # ExponentialLR stepped per epoch
        train_epoch(model, optimizer, loss_fn, x_train, y_train, args.batch_size)
        accs.append(accuracy(model, x_test, y_test))
    return accs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", required=True, help="e.g. smaller,baseline")
    parser.add_argument("--train-count", type=int, default=60000)
    parser.add_argument("--test-count", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--lr-decay", type=float, default=0.95)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    models = args.models.split(",")
    train_set, test_set = load("train"), load("test")
    for seed in (int(s) for s in args.seeds.split(",")):
        torch.manual_seed(seed)
        x_train, y_train = subset(*train_set, args.train_count, seed)
        x_test, y_test = subset(*test_set, args.test_count, seed + 1000)
        metrics = {}
        for name in models:
            accs = train_model(name, (x_train, y_train, x_test, y_test), args)
            metrics[f"acc_{name}"] = accs[-1]
            metrics[f"bestEpochAcc_{name}"] = max(accs)
        accs = {m: metrics[f"acc_{m}"] for m in models}
        metrics["minAcc"] = min(accs.values())
        if "best" in models and len(models) > 1:
            metrics["bestMinusOthers"] = accs["best"] - max(v for m, v in accs.items() if m != "best")
        if "smaller" in models and len(models) > 1:
            metrics["othersMinusSmaller"] = min(
                v for m, v in accs.items() if m != "smaller") - accs["smaller"]
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
