"""The PyTorch twin of 3.2.2 (six CNNs on MNIST): lib/models/cnn_variants.ts and
lib/claims/ex3/cnn_variants.ts in torch.

Same data (MNIST gzip IDX from ANNDL_DATA_DIR, pixels / 255, a random `--train-count` training
subset and a random `--test-count` test subset drawn per seed), the same six networks (the course
baseline and Models 1–5 as lib/models/cnn_variants.ts builds them, BatchNorm with PyTorch's
defaults), Keras' initialisation as the suite has it (Glorot-uniform kernels, zero biases; `--init
torch` keeps PyTorch's own, the course's), Adam with Keras' ε 1e-7, cross-entropy, mini-batches
reshuffled every epoch, dropout and BatchNorm in training mode while training.

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {params_<variant> for
all six, acc_<variant> for those trained, <variant>Seconds}} with the suite's names.

`--lockstep FILE` instead trains one variant, its dropout left out, from the suite's own weights
(BatchNorm's moving statistics included) over the suite's batches, in order (FILE: {"variant",
"lr", "weights": [{"shape", "values"}] in tfjs order, "batches": [{"x": [n·784], "y": [n]}]}), and
prints {"losses"}: the loss of every step, for a test that the two frameworks step alike.

Usage: /usr/bin/python3 crosscheck/cnn_variants_torch.py --variants baseline,model2
       [--train-count 10000] [--test-count 2000] [--epochs 20] [--batch-size 100]
       [--lr 0.001] [--init keras|torch] [--seeds 0,1,2]
       /usr/bin/python3 crosscheck/cnn_variants_torch.py --lockstep FILE
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from _mnist import load, subset, train_epoch  # noqa: E402

torch.set_num_threads(1)

VARIANTS = ["baseline", "model1", "model2", "model3", "model4", "model5"]
KERAS_EPSILON = 1e-7


def conv_bn_relu(cin, cout, kernel, stride, padding):
    return [nn.Conv2d(cin, cout, kernel, stride, padding), nn.BatchNorm2d(cout), nn.ReLU()]


def conv_block(cin, cout, batch_norm):
    """Conv 3×3 stride 1 padding 1 → optional BatchNorm → ReLU (Models 2 and 4)."""
    return [nn.Conv2d(cin, cout, 3, 1, 1), *([nn.BatchNorm2d(cout)] if batch_norm else []),
            nn.ReLU()]


def baseline_features():
    """The course baseline's four strided convolutions: [n, 1, 28, 28] → [n, 64, 2, 2]."""
    return [*conv_bn_relu(1, 16, 3, 2, 1), *conv_bn_relu(16, 32, 3, 2, 1),
            *conv_bn_relu(32, 32, 3, 2, 1), *conv_bn_relu(32, 64, 2, 2, 0)]


def classifier(features, hidden):
    return [nn.Linear(features, hidden), nn.ReLU(), nn.Linear(hidden, 10)]


def model2_layers(batch_norm):
    return [*conv_block(1, 32, batch_norm), *conv_block(32, 64, batch_norm), nn.MaxPool2d(2),
            nn.Dropout(0.25), *conv_block(64, 128, batch_norm), nn.MaxPool2d(2), nn.Dropout(0.25),
            nn.Flatten(), *classifier(7 * 7 * 128, 128)]


def build(variant, init):
    """One CNN of the 3.2.2 table: input [n, 1, 28, 28], output logits [n, 10]."""
    layers = {
        "baseline": lambda: [*baseline_features(), nn.Flatten(), *classifier(256, 100)],
        "model1": lambda: [*conv_bn_relu(1, 16, 3, 1, 1), *conv_bn_relu(16, 32, 3, 1, 1),
                           nn.AvgPool2d(7), nn.Flatten(), *classifier(512, 100)],
        "model2": lambda: model2_layers(False),
        "model3": lambda: [nn.Conv2d(1, 8, 3, 1, 1), nn.ReLU(), nn.MaxPool2d(2),
                           nn.Conv2d(8, 16, 3, 2, 1), nn.ReLU(), nn.Flatten(),
                           nn.Linear(7 * 7 * 16, 10)],
        "model4": lambda: model2_layers(True),
        "model5": lambda: [*baseline_features(), nn.AdaptiveMaxPool2d(1), nn.Flatten(),
                           *classifier(64, 100)],
    }[variant]()
    model = nn.Sequential(*layers)
    if init == "keras":
        for layer in model:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(layer.weight)  # Keras' glorot_uniform, same fans
                nn.init.zeros_(layer.bias)
    return model


def load_tfjs_weights(model, weights):
    """Copy tfjs weights (kernels [kh, kw, in, out] and [in, out], then biases) into a torch net.
    The first Linear after a Flatten reads tfjs' (h, w, c) order; torch flattens (c, h, w)."""
    tensors = [torch.tensor(w["values"], dtype=torch.float32).view(*w["shape"]) for w in weights]
    flat_shape = None
    norms = []
    x = torch.zeros(1, 1, 28, 28)
    with torch.no_grad():
        for layer in model:
            if isinstance(layer, nn.Flatten):
                flat_shape = x.shape[1:]  # (c, h, w)
            x = layer(x)
            if isinstance(layer, nn.Conv2d):
                kernel, bias = tensors.pop(0), tensors.pop(0)
                layer.weight.copy_(kernel.permute(3, 2, 0, 1))
                layer.bias.copy_(bias)
            elif isinstance(layer, nn.Linear):
                kernel, bias = tensors.pop(0), tensors.pop(0)
                if flat_shape is not None:
                    c, h, w = flat_shape
                    kernel = kernel.view(h, w, c, -1).permute(2, 0, 1, 3).reshape(c * h * w, -1)
                    flat_shape = None
                layer.weight.copy_(kernel.t())
                layer.bias.copy_(bias)
            elif isinstance(layer, nn.BatchNorm2d):
                layer.weight.copy_(tensors.pop(0))  # gamma
                layer.bias.copy_(tensors.pop(0))  # beta
                norms.append(layer)
            elif isinstance(layer, nn.Dropout):
                layer.p = 0.0  # no mask drawn alike in both frameworks: the lockstep runs without
        # tfjs lists the non-trainable weights last: each batch norm's moving mean and variance.
        for layer in norms:
            layer.running_mean.copy_(tensors.pop(0))
            layer.running_var.copy_(tensors.pop(0))


def lockstep(path):
    """The suite's weights and batches in, the loss of every Adam step out."""
    with open(path) as f:
        spec = json.load(f)
    model = build(spec["variant"], "keras")
    load_tfjs_weights(model, spec["weights"])
    optimizer = torch.optim.Adam(model.parameters(), lr=spec["lr"], eps=KERAS_EPSILON)
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for batch in spec["batches"]:
        x = torch.tensor(batch["x"], dtype=torch.float32).view(-1, 28, 28, 1).permute(0, 3, 1, 2)
        optimizer.zero_grad()
        loss = loss_fn(model(x.contiguous()), torch.tensor(batch["y"]))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    print(json.dumps({"framework": "pytorch", "version": torch.__version__, "losses": losses}))


def trainable_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(x[i:i + 500]) for i in range(0, x.shape[0], 500)])
    model.train()
    return float((logits.argmax(dim=1) == y).double().mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", help="e.g. baseline,model2")
    parser.add_argument("--lockstep", help="a JSON file of the suite's weights and batches")
    parser.add_argument("--train-count", type=int, default=10000)
    parser.add_argument("--test-count", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--init", choices=["keras", "torch"], default="keras")
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    if args.lockstep:
        return lockstep(args.lockstep)
    if not args.variants:
        parser.error("--variants or --lockstep is required")
    variants = [v for v in args.variants.split(",") if v]
    for variant in variants:
        if variant not in VARIANTS:
            parser.error(f"unknown variant {variant}: valid variants are {', '.join(VARIANTS)}")
    train_all, test_all = load("train"), load("test")
    params = {f"params_{v}": trainable_params(build(v, args.init)) for v in VARIANTS}
    loss_fn = nn.CrossEntropyLoss()
    for seed in (int(s) for s in args.seeds.split(",")):
        x_train, y_train = subset(*train_all, args.train_count, seed)
        x_test, y_test = subset(*test_all, args.test_count, seed + 1000)
        x_train = x_train.view(-1, 1, 28, 28).contiguous(memory_format=torch.channels_last)
        x_test = x_test.view(-1, 1, 28, 28).contiguous(memory_format=torch.channels_last)
        metrics = dict(params)
        for variant in variants:
            torch.manual_seed(seed)
            model = build(variant, args.init).to(memory_format=torch.channels_last)
            optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, eps=KERAS_EPSILON)
            started = time.perf_counter()
            model.train()
            for _ in range(args.epochs):
                train_epoch(model, optimizer, loss_fn, x_train, y_train, args.batch_size)
            metrics[f"{variant}Seconds"] = time.perf_counter() - started
            metrics[f"acc_{variant}"] = accuracy(model, x_test, y_test)
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "init": args.init, "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
