"""The PyTorch twin of 3.1.1 (stacked autoencoders): the suite's three stages in torch.

Same data (MNIST gzip IDX from ANNDL_DATA_DIR, pixels / 255, random train and test subsets
drawn per seed), same nets (sigmoid Linear layers with PyTorch's default initialisation, which
the suite copies), same stages: each layer pre-trained as an autoencoder (encoder and a sigmoid
decoder) on the previous layer's codes with SGD on MSE; a linear 10-way head on the frozen codes
with SGD on cross-entropy over logits ("before"); then every layer trained together ("after").
Mini-batches reshuffled every epoch, the last one partial, as Keras' fit.

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {before_<arch>,
after_<arch>, minGain, singleMinusBottleneckBefore, othersMinusDeepAfter}} with the suite's
names (architecture widths joined by "_").

Usage: /usr/bin/python3 crosscheck/stacked_ae_torch.py --architectures 256-64,512
       [--train-count 6000] [--test-count 1000] [--pretrain-epochs 20] [--classifier-epochs 10]
       [--finetune-epochs 30] [--batch-size 128] [--pretrain-lr 0.1] [--classifier-lr 1]
       [--finetune-lr 1] [--seeds 0,1,2]
"""

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from _mnist import load, subset  # noqa: E402

torch.set_num_threads(1)


def batches(n, batch_size):
    order = torch.randperm(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def train(params, loss_of, n, epochs, batch_size, lr):
    optimizer = torch.optim.SGD(params, lr=lr)
    for _ in range(epochs):
        for idx in batches(n, batch_size):
            optimizer.zero_grad()
            loss = loss_of(idx)
            loss.backward()
            optimizer.step()


def accuracy(encoders, head, x, y):
    with torch.no_grad():
        return float((forward(encoders, head, x).argmax(dim=1) == y).double().mean())


def forward(encoders, head, x):
    for encoder in encoders:
        x = torch.sigmoid(encoder(x))
    return head(x)


def run_architecture(hidden, data, args):
    x_train, y_train, x_test, y_test = data
    widths = [784] + hidden
    encoders = [nn.Linear(widths[i], widths[i + 1]) for i in range(len(hidden))]
    inputs = x_train
    for i, encoder in enumerate(encoders):
        decoder = nn.Linear(widths[i + 1], widths[i])
        source = inputs

        def ae_loss(idx, encoder=encoder, decoder=decoder, source=source):
            batch = source[idx]
            return torch.mean((torch.sigmoid(decoder(torch.sigmoid(encoder(batch)))) - batch) ** 2)

        train(list(encoder.parameters()) + list(decoder.parameters()), ae_loss, source.shape[0],
              args.pretrain_epochs, args.batch_size, args.pretrain_lr)
        with torch.no_grad():
            inputs = torch.sigmoid(encoder(source))
    head = nn.Linear(widths[-1], 10)
    cross_entropy = nn.CrossEntropyLoss()

    def head_loss(idx):
        return cross_entropy(forward(encoders, head, x_train[idx]), y_train[idx])

    train(list(head.parameters()), head_loss, x_train.shape[0], args.classifier_epochs,
          args.batch_size, args.classifier_lr)
    before = accuracy(encoders, head, x_test, y_test)
    params = list(head.parameters()) + [p for e in encoders for p in e.parameters()]
    train(params, head_loss, x_train.shape[0], args.finetune_epochs, args.batch_size,
          args.finetune_lr)
    return before, accuracy(encoders, head, x_test, y_test)


def derived(metrics, architectures):
    """minGain, singleMinusBottleneckBefore, othersMinusDeepAfter as lib/claims/ex3/stacked_ae.ts."""
    keys = ["_".join(map(str, h)) for h in architectures]
    out = {"minGain": min(metrics[f"after_{k}"] - metrics[f"before_{k}"] for k in keys)}
    bottlenecks = ["_".join(map(str, h)) for h in architectures if len(h) > 1 and min(h) <= 128]
    if "512" in keys and bottlenecks:
        out["singleMinusBottleneckBefore"] = metrics["before_512"] - max(
            metrics[f"before_{k}"] for k in bottlenecks)
    if "512_256_64" in keys and len(keys) > 1:
        out["othersMinusDeepAfter"] = min(
            metrics[f"after_{k}"] for k in keys if k != "512_256_64") - metrics["after_512_256_64"]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--architectures", required=True, help="e.g. 256-64,512")
    parser.add_argument("--train-count", type=int, default=6000)
    parser.add_argument("--test-count", type=int, default=1000)
    parser.add_argument("--pretrain-epochs", type=int, default=20)
    parser.add_argument("--classifier-epochs", type=int, default=10)
    parser.add_argument("--finetune-epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--pretrain-lr", type=float, default=0.1)
    parser.add_argument("--classifier-lr", type=float, default=1.0)
    parser.add_argument("--finetune-lr", type=float, default=1.0)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    architectures = [[int(w) for w in a.split("-")] for a in args.architectures.split(",")]
    train_set, test_set = load("train"), load("test")
    for seed in (int(s) for s in args.seeds.split(",")):
        torch.manual_seed(seed)
        x_train, y_train = subset(*train_set, args.train_count, seed)
        x_test, y_test = subset(*test_set, args.test_count, seed + 1000)
        metrics = {}
        for hidden in architectures:
            name = "_".join(map(str, hidden))
            before, after = run_architecture(hidden, (x_train, y_train, x_test, y_test), args)
            metrics[f"before_{name}"] = before
            metrics[f"after_{name}"] = after
        metrics.update(derived(metrics, architectures))
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
