"""The PyTorch twin of the Santa Fe claims (2.2.1, 2.2.2, 2.2.3): the suite's experiment in torch.

Same data (lasertrain.dat, laserpred.dat from ANNDL_DATA_DIR), same z-score (training mean,
population std), same windows (`lag` values, the next one as target), same expanding-window
split (scikit-learn's TimeSeriesSplit with `val_size` windows per fold and a gap of `lag`
windows), same model and initialisation as Keras (LSTM: kernel Glorot-uniform, recurrent kernel
orthogonal, one bias, zero with the forget gate's at one, logistic gates; MLP: Dense(H, tanh); output
Dense(1) Glorot-uniform, bias zero), same optimizer (Adam, Keras' epsilon 1e-7), same training
(mini-batches of 32 reshuffled every epoch, the last one partial, MSE), the same closed-loop
prediction of the 100 test values from the last training window, scored by MSE in original units.

Readings of the course setup (`--readings`, comma-separated; one JSON line per seed and reading):
  last-fold      one model trained fold after fold (Keras: a loop of model.fit over the split);
                 the model after the last fold predicts the test. The suite's reading.
  fresh-folds    a fresh model per fold; the last fold's model predicts.
  early-stop     as last-fold, each fold stopped early on val_loss (patience `--patience`,
                 best weights restored, Keras' EarlyStopping(restore_best_weights=True)).
  retrain-all    after the folds, a fresh model trained on all windows for `--epochs` epochs
                 predicts the test.

Prints one JSON line per seed and reading: {"framework", "version", "kind", "reading", "row", "seed",
"testMse", "valMse", "foldValMse", "epochsRun", "meanPredictorMse", "prediction", "seconds"}.

Usage: /usr/bin/python3 crosscheck/santafe_torch.py --kind lstm --lag 50 --hidden 100
       --val-size 50 --folds 5 [--epochs 150] [--lr 1e-3] [--batch-size 32] [--seeds 0,1,2]
       [--readings last-fold,retrain-all] [--patience 10] [--test-steps 100] [--skip-folds]
"""

import argparse
import json
import math
import os
import sys
import time

# One thread: the development machine has two cores shared by everyone (bench/README.md).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(1)

KERAS_ADAM_EPSILON = 1e-7  # Keras' and TF.js' Adam epsilon (torch's default is 1e-8)
READINGS = ("last-fold", "fresh-folds", "early-stop", "retrain-all")


def read_series(path):
    """One value per line, scientific notation, CRLF line ends (lib/data/series.ts)."""
    with open(path, encoding="ascii") as f:
        return [float(line) for line in f.read().split() if line]


def load_santafe(data_dir):
    train = read_series(os.path.join(data_dir, "santafe", "lasertrain.dat"))
    test = read_series(os.path.join(data_dir, "santafe", "laserpred.dat"))
    if len(train) != 1000 or len(test) != 100:
        sys.exit(f"Santa Fe series must hold 1000 and 100 values: got {len(train)}, {len(test)}")
    return train, test


def sliding_windows(z, lag):
    """Windows [n, lag] and targets [n] of the z-scored series (lib/data/timeseries.ts)."""
    n = len(z) - lag
    x = torch.tensor([z[i:i + lag] for i in range(n)], dtype=torch.float32)
    y = torch.tensor([z[i + lag] for i in range(n)], dtype=torch.float32).unsqueeze(1)
    return x, y


def time_series_split(count, folds, val_size, gap):
    """scikit-learn's TimeSeriesSplit(n_splits, test_size, gap) as (train_end, val_start, val_end)."""
    if count - folds * val_size - gap < 1:
        sys.exit(f"Too few windows for {folds} folds of {val_size} with gap {gap}: got {count}")
    out = []
    for k in range(folds):
        val_start = count - (folds - k) * val_size
        out.append((val_start - gap, val_start, val_start + val_size))
    return out


def glorot_uniform_(weight, fan_in, fan_out):
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    with torch.no_grad():
        weight.uniform_(-limit, limit)


class KerasLstm(nn.Module):
    """LSTM(H) → Dense(1) on the last step, initialised as Keras' LSTM and Dense."""

    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden, batch_first=True)
        self.out = nn.Linear(hidden, 1)
        h = hidden
        # Keras' kernel is [1, 4H]: fans 1 and 4H; torch holds its transpose [4H, 1].
        glorot_uniform_(self.lstm.weight_ih_l0, 1, 4 * h)
        # Keras' recurrent kernel [H, 4H] orthogonal; torch's [4H, H] is its transpose.
        nn.init.orthogonal_(self.lstm.weight_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0.zero_()
            self.lstm.bias_hh_l0.zero_()
            self.lstm.bias_ih_l0[h:2 * h] = 1.0  # unit_forget_bias; gates i, f, g, o as Keras
        # Keras has one bias per gate; torch adds b_ih and b_hh, and Adam, stepping each by about
        # lr, would move their sum twice as fast. b_hh stays zero and untrained.
        self.lstm.bias_hh_l0.requires_grad_(False)
        glorot_uniform_(self.out.weight, h, 1)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):  # x [b, lag]
        seq, _ = self.lstm(x.unsqueeze(2))  # [b, lag, H]
        return self.out(seq[:, -1, :])  # [b, 1]


class KerasMlp(nn.Module):
    """Dense(H, tanh) → Dense(1), Glorot-uniform kernels, zero biases."""

    def __init__(self, lag, hidden):
        super().__init__()
        self.hidden = nn.Linear(lag, hidden)
        self.out = nn.Linear(hidden, 1)
        glorot_uniform_(self.hidden.weight, lag, hidden)
        glorot_uniform_(self.out.weight, hidden, 1)
        nn.init.zeros_(self.hidden.bias)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):
        return self.out(torch.tanh(self.hidden(x)))


def build(kind, lag, hidden, lr):
    model = KerasLstm(hidden) if kind == "lstm" else KerasMlp(lag, hidden)
    trained = [p for p in model.parameters() if p.requires_grad]
    return model, torch.optim.Adam(trained, lr=lr, eps=KERAS_ADAM_EPSILON)


def mse(model, x, y):
    with torch.no_grad():
        return float(torch.mean((model(x) - y) ** 2))


def fit(model, optimizer, x, y, epochs, batch_size, validation=None, patience=None):
    """Keras' fit: reshuffled mini-batches, the last one partial; optional early stopping."""
    best, best_state, since, run = math.inf, None, 0, 0
    for _ in range(epochs):
        run += 1
        order = torch.randperm(x.shape[0])
        for start in range(0, x.shape[0], batch_size):
            idx = order[start:start + batch_size]
            optimizer.zero_grad()
            loss = torch.mean((model(x[idx]) - y[idx]) ** 2)
            loss.backward()
            optimizer.step()
        if patience is not None and validation is not None:
            val = mse(model, *validation)
            if val < best:
                best, since = val, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                since += 1
                if since >= patience:
                    break
    if best_state is not None:
        model.load_state_dict(best_state)
    return run


def closed_loop(model, history, lag, steps):
    """Predict `steps` values recursively from the last `lag` of `history` (closed_loop.ts)."""
    window = list(history[-lag:])
    out = []
    with torch.no_grad():
        for _ in range(steps):
            # float32, as the TF.js model reads its window
            nxt = float(model(torch.tensor([window], dtype=torch.float32))[0, 0])
            out.append(nxt)
            window = window[1:] + [nxt]
    return out


def run_seed(args, seed, train, test):
    """Every reading asked for, for one seed; one result per reading."""
    n = len(train)
    mean = sum(train) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in train) / n)  # population std, as numpy
    z = [(v - mean) / std for v in train]
    x, y = sliding_windows(z, args.lag)
    folds = time_series_split(x.shape[0], args.folds, args.val_size, args.lag)
    steps = args.test_steps
    mean_predictor = sum((t - mean) ** 2 for t in test[:steps]) / steps

    def result(reading, model, fold_val, epochs_run, started):
        prediction = [v * std + mean for v in closed_loop(model, z, args.lag, steps)]
        return {
            "framework": "pytorch",
            "version": torch.__version__,
            "kind": args.kind,
            "reading": reading,
            "row": f"lag{args.lag}-h{args.hidden}-v{args.val_size}-f{args.folds}",
            "seed": seed,
            "testMse": sum((p - t) ** 2 for p, t in zip(prediction, test[:steps])) / steps,
            "valMse": sum(fold_val) / len(fold_val) if not math.isnan(fold_val[0]) else None,
            "foldValMse": [v for v in fold_val if not math.isnan(v)],
            "epochsRun": epochs_run,
            "meanPredictorMse": mean_predictor,
            "prediction": prediction,
            "seconds": round(time.perf_counter() - started, 3),
        }

    def cross_validate(fresh, patience):
        model, optimizer = build(args.kind, args.lag, args.hidden, args.lr)
        fold_val, epochs_run = [], []
        for k, (train_end, val_start, val_end) in enumerate(folds):
            if k > 0 and fresh:
                model, optimizer = build(args.kind, args.lag, args.hidden, args.lr)
            validation = (x[val_start:val_end], y[val_start:val_end])
            epochs_run.append(fit(model, optimizer, x[:train_end], y[:train_end], args.epochs,
                                  args.batch_size, validation, patience))
            fold_val.append(mse(model, *validation))
        return model, fold_val, epochs_run

    out = []
    readings = args.readings
    if args.skip_folds:
        # retrain-all alone: the folds only validate, so without them the same model predicts
        # (valMse then unmeasured); a fifth of the cost of the full reading.
        torch.manual_seed(seed)
        started = time.perf_counter()
        model, optimizer = build(args.kind, args.lag, args.hidden, args.lr)
        ran = fit(model, optimizer, x, y, args.epochs, args.batch_size)
        return [result("retrain-all", model, [float("nan")], [ran], started)]
    if "last-fold" in readings or "retrain-all" in readings:
        # Each reading starts from the seed, so readings of one seed share the first model.
        torch.manual_seed(seed)
        started = time.perf_counter()
        model, fold_val, epochs_run = cross_validate(False, None)
        if "last-fold" in readings:
            out.append(result("last-fold", model, fold_val, epochs_run, started))
        if "retrain-all" in readings:
            # The folds only validate; a fresh model trained on every window predicts.
            model, optimizer = build(args.kind, args.lag, args.hidden, args.lr)
            ran = fit(model, optimizer, x, y, args.epochs, args.batch_size)
            out.append(result("retrain-all", model, fold_val, epochs_run + [ran], started))
    for reading, fresh, patience in (("fresh-folds", True, None),
                                     ("early-stop", False, args.patience)):
        if reading in readings:
            torch.manual_seed(seed)
            started = time.perf_counter()
            model, fold_val, epochs_run = cross_validate(fresh, patience)
            out.append(result(reading, model, fold_val, epochs_run, started))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", required=True, choices=["lstm", "mlp"])
    parser.add_argument("--lag", type=int, required=True)
    parser.add_argument("--hidden", type=int, required=True)
    parser.add_argument("--val-size", type=int, required=True)
    parser.add_argument("--folds", type=int, required=True)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--readings", default="last-fold",
                        help="comma-separated, of " + ", ".join(READINGS))
    parser.add_argument("--patience", type=int, default=10)
    parser.add_argument("--skip-folds", action="store_true",
                        help="retrain-all only, without the validating folds")
    parser.add_argument("--test-steps", type=int, default=100)
    args = parser.parse_args()
    data_dir = os.environ.get("ANNDL_DATA_DIR")
    if not data_dir:
        sys.exit("ANNDL_DATA_DIR must name the data folder (e.g. ../shared/datasets)")
    args.readings = args.readings.split(",")
    unknown = [r for r in args.readings if r not in READINGS]
    if unknown:
        sys.exit(f"Unknown reading {unknown[0]}: expected one of {', '.join(READINGS)}")
    train, test = load_santafe(data_dir)
    for seed in (int(s) for s in args.seeds.split(",")):
        for line in run_seed(args, seed, train, test):
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
