"""The PyTorch twin of 1.3.6 (the MNIST CNN under six optimizer settings): lib/models/mnist_cnn.ts
and lib/claims/ex1/cnn_optimizers.ts in torch.

Same data (MNIST gzip IDX from ANNDL_DATA_DIR, pixels / 255, the first `--train-images` training
images with the last `--validation-split` of them held out as Keras' validation_split does, the
first `--test-images` test images), same model (Conv 32 3×3 ReLU → max-pool 2 → Conv 64 3×3 ReLU →
max-pool 2 → flatten → dropout 0.5 → Dense(10) softmax: 34,826 parameters), Keras' initialisation
(Glorot-uniform kernels, zero biases), the claim's optimizer settings with Keras' constants (Adam
and Adadelta ε 1e-7, Adadelta ρ 0.95, SGD without momentum), cross-entropy, mini-batches reshuffled
every epoch.

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {<name>Acc, <name>Loss,
<name>Seconds}} with the suite's names (test accuracy and loss after the last epoch).

Usage: /usr/bin/python3 crosscheck/cnn_optimizers_torch.py --optimizers adam,sgd01
       [--train-images 60000] [--test-images 10000] [--epochs 15] [--batch-size 128]
       [--validation-split 0.1] [--seeds 0,1,2]
"""

import argparse
import json
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from _classifier import build as mnist_cnn  # noqa: E402  (the same CNN, Keras-initialised)
from _mnist import load, train_epoch  # noqa: E402

torch.set_num_threads(1)

KERAS_EPSILON = 1e-7
# lib/claims/ex1/cnn_optimizers.ts CNN_OPTIMIZERS.
OPTIMIZERS = {
    "adam": lambda p: torch.optim.Adam(p, lr=1e-3, eps=KERAS_EPSILON),
    "sgd01": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd001": lambda p: torch.optim.SGD(p, lr=0.01),
    "sgd0001": lambda p: torch.optim.SGD(p, lr=0.001),
    "adadelta1": lambda p: torch.optim.Adadelta(p, lr=1.0, rho=0.95, eps=KERAS_EPSILON),
    "adadelta0001": lambda p: torch.optim.Adadelta(p, lr=0.001, rho=0.95, eps=KERAS_EPSILON),
}


def first(images, labels, count):
    """The first `count` images as [n, 1, 28, 28] floats in [0, 1] and their labels."""
    return images[:count].float().div(255).view(-1, 1, 28, 28), labels[:count]


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(x[i:i + 1000]) for i in range(0, x.shape[0], 1000)])
    model.train()
    loss = float(nn.functional.cross_entropy(logits, y))
    return float((logits.argmax(dim=1) == y).double().mean()), loss


def train(name, data, args):
    x_train, y_train, x_test, y_test = data
    model = mnist_cnn().to(memory_format=torch.channels_last)
    optimizer = OPTIMIZERS[name](model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    started = time.perf_counter()
    for _ in range(args.epochs):
        train_epoch(model, optimizer, loss_fn, x_train, y_train, args.batch_size)
    seconds = time.perf_counter() - started
    acc, loss = evaluate(model, x_test, y_test)
    return acc, loss, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--optimizers", required=True, help="e.g. adam,sgd01")
    parser.add_argument("--train-images", type=int, default=60000)
    parser.add_argument("--test-images", type=int, default=10000)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--validation-split", type=float, default=0.1)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    names = args.optimizers.split(",")
    for name in names:
        if name not in OPTIMIZERS:
            parser.error(f"unknown optimizer {name}: valid names are {', '.join(OPTIMIZERS)}")
    x_all, y_all = first(*load("train"), args.train_images)
    # Keras' validation_split holds out the last fraction, before any shuffling.
    kept = x_all.shape[0] - int(x_all.shape[0] * args.validation_split)
    x_train, y_train = x_all[:kept].contiguous(memory_format=torch.channels_last), y_all[:kept]
    x_test, y_test = first(*load("test"), args.test_images)
    x_test = x_test.contiguous(memory_format=torch.channels_last)
    for seed in (int(s) for s in args.seeds.split(",")):
        metrics = {}
        for name in names:
            torch.manual_seed(seed)
            acc, loss, seconds = train(name, (x_train, y_train, x_test, y_test), args)
            metrics[f"{name}Acc"], metrics[f"{name}Loss"], metrics[f"{name}Seconds"] = acc, loss, seconds
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
