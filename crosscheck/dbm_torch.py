"""The PyTorch twin of 4.1-dbm: a two-layer DBM against the 50-unit RBM, in torch.

Same data (the first MNIST training images, pixels / 255; sampling chains start at the first test
images), same models and training:
- the RBM: scikit-learn's BernoulliRBM, persistent CD-1 (weights N(0, 0.01²), biases 0, chains of
  batch-size hidden states starting at 0, batches in order, the batch-summed gradient times
  lr / batch);
- the DBM (Salakhutdinov & Hinton 2009): two such RBMs pre-trained greedily (784 → h1 on the
  images, h1 → h2 on the first one's hidden probabilities) and stacked (W1, a, b1 from the first,
  W2, b2 from the second), then trained jointly: the data term from mean-field q(h1, h2 | v)
  (h1 from v alone, h2 from h1, then `mean-field-steps` rounds of both fixed-point equations),
  the model term from one Gibbs sweep (h1 | v, h2, then v and h2 | h1) of 100 persistent chains
  that start at v = 0 and h drawn from σ(bias); the batch-mean gradient times lr.
Samplers: the RBM runs h | v, v | h; the DBM draws h2 from the mean-field posterior of the start
image, then runs h1 | v, h2, then v and h2 | h1. The picture after step k is p(v = 1 | h1) of step
k; the RBM's long chain continues its one-step chain, the DBM's starts afresh, as in the suite.
Pictures are labelled by the reference classifier (_classifier.py, the suite's CNN and training).

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {entropyRbm1,
entropyDbm1, entropyRbm500, entropyDbm500, sharpness…, entropyGap1, entropyGap500,
sharpnessGap1, sharpnessGap500, filterMatch, filterMatchChance, classifierAccuracy}} with the
suite's names (lib/claims/ex4/dbm.ts; the long-chain names use the chain length).

Usage: /usr/bin/python3 crosscheck/dbm_torch.py [--train-images 5000] [--hidden 50]
       [--learning-rate 0.1] [--batch-size 20] [--epochs 12] [--dbm-hidden1 100]
       [--dbm-hidden2 100] [--pretrain-epochs 6] [--pretrain-lr 0.1] [--joint-epochs 6]
       [--joint-lr 0.01] [--joint-batch-size 50] [--mean-field-steps 5] [--chains 500]
       [--long-steps 500] [--classifier-epochs 3] [--classifier-images 20000] [--seeds 0,1]
"""

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

import _classifier  # noqa: E402
from _mnist import load  # noqa: E402

torch.set_num_threads(1)

PERSISTENT_CHAINS = 100  # the DBM's fantasy chains: DbmOptions.chains' default, which 4.1 keeps


def bernoulli(p):
    return (torch.rand_like(p) < p).float()


class Rbm:
    """scikit-learn's BernoulliRBM: W [visible, hidden], PCD-1 with batch-size chains."""

    def __init__(self, visible, hidden, lr, batch_size):
        self.w = torch.randn(visible, hidden) * 0.01
        self.a = torch.zeros(visible)
        self.b = torch.zeros(hidden)
        self.lr, self.batch_size = lr, batch_size
        self.chains = torch.zeros(batch_size, hidden)

    def hidden_probs(self, v):
        return torch.sigmoid(v @ self.w + self.b)

    def visible_probs(self, h):
        return torch.sigmoid(h @ self.w.T + self.a)

    def fit_epoch(self, x):
        for start in range(0, x.shape[0], self.batch_size):
            batch = x[start:start + self.batch_size]
            h_pos = self.hidden_probs(batch)
            v_neg = bernoulli(self.visible_probs(self.chains))
            h_neg = self.hidden_probs(v_neg)
            rate = self.lr / batch.shape[0]
            self.w += rate * (batch.T @ h_pos - v_neg.T @ h_neg)
            self.b += rate * (h_pos.sum(0) - h_neg.sum(0))
            self.a += rate * (batch.sum(0) - v_neg.sum(0))
            self.chains = bernoulli(h_neg)

    def gibbs(self, v, steps):
        """(binary sample, p(v = 1 | h)) after `steps` full steps from `v`."""
        sample, mean = v, v
        for _ in range(steps):
            mean = self.visible_probs(bernoulli(self.hidden_probs(sample)))
            sample = bernoulli(mean)
        return sample, mean


class Dbm:
    """v — h1 — h2 with E = −vᵀa − h1ᵀb1 − h2ᵀb2 − vᵀW1h1 − h1ᵀW2h2."""

    def __init__(self, first, second, lr, mean_field_steps):
        self.w1, self.a, self.b1 = first.w.clone(), first.a.clone(), first.b.clone()
        self.w2, self.b2 = second.w.clone(), second.b.clone()
        self.lr, self.mean_field_steps = lr, mean_field_steps
        self.chain_v = torch.zeros(PERSISTENT_CHAINS, self.w1.shape[0])
        self.chain_h2 = bernoulli(torch.sigmoid(self.b2).expand(PERSISTENT_CHAINS, -1))

    def h1_probs(self, v, h2):
        return torch.sigmoid(v @ self.w1 + h2 @ self.w2.T + self.b1)

    def v_probs(self, h1):
        return torch.sigmoid(h1 @ self.w1.T + self.a)

    def h2_probs(self, h1):
        return torch.sigmoid(h1 @ self.w2 + self.b2)

    def mean_field(self, v):
        mu1 = self.h1_probs(v, torch.zeros(v.shape[0], self.w2.shape[1]))
        mu2 = self.h2_probs(mu1)
        for _ in range(self.mean_field_steps):
            mu1 = self.h1_probs(v, mu2)
            mu2 = self.h2_probs(mu1)
        return mu1, mu2

    def fit_epoch(self, x, batch_size):
        for start in range(0, x.shape[0], batch_size):
            batch = x[start:start + batch_size]
            mu1, mu2 = self.mean_field(batch)
            h1 = bernoulli(self.h1_probs(self.chain_v, self.chain_h2))
            v = bernoulli(self.v_probs(h1))
            h2 = bernoulli(self.h2_probs(h1))
            m, chains = batch.shape[0], v.shape[0]
            self.w1 += self.lr * (batch.T @ mu1 / m - v.T @ h1 / chains)
            self.w2 += self.lr * (mu1.T @ mu2 / m - h1.T @ h2 / chains)
            self.a += self.lr * (batch.mean(0) - v.mean(0))
            self.b1 += self.lr * (mu1.mean(0) - h1.mean(0))
            self.b2 += self.lr * (mu2.mean(0) - h2.mean(0))
            self.chain_v, self.chain_h2 = v, h2

    def gibbs(self, v, steps):
        """(binary sample, p(v = 1 | h1)) after `steps` steps from `v`, h2 from mean-field."""
        sample, mean = v, v
        h2 = bernoulli(self.mean_field(v)[1])
        for _ in range(steps):
            h1 = bernoulli(self.h1_probs(sample, h2))
            mean = self.v_probs(h1)
            sample = bernoulli(mean)
            h2 = bernoulli(self.h2_probs(h1))
        return sample, mean


def sharpness(images):
    """Mean over images of Σ x·|2x − 1| / Σ x (lib/training/image_metrics.ts)."""
    contrast = (images * (2 * images - 1).abs()).sum(1)
    return float((contrast / images.sum(1).clamp(min=1e-6)).mean())


def best_cosine(a, b):
    """Mean over rows of `a` of the largest |cosine| to a row of `b`."""
    def unit(m):
        return m / (m.norm(dim=1, keepdim=True) + 1e-8)
    return float((unit(a) @ unit(b).T).abs().max(dim=1).values.mean())


def run_seed(seed, x_train, x_start, classify, args):
    torch.manual_seed(seed)
    rbm = Rbm(784, args.hidden, args.learning_rate, args.batch_size)
    for _ in range(args.epochs):
        rbm.fit_epoch(x_train)
    first = Rbm(784, args.dbm_hidden1, args.pretrain_lr, args.batch_size)
    second = Rbm(args.dbm_hidden1, args.dbm_hidden2, args.pretrain_lr, args.batch_size)
    for _ in range(args.pretrain_epochs):
        first.fit_epoch(x_train)
    features = first.hidden_probs(x_train)
    for _ in range(args.pretrain_epochs):
        second.fit_epoch(features)
    dbm = Dbm(first, second, args.joint_lr, args.mean_field_steps)
    for _ in range(args.joint_epochs):
        dbm.fit_epoch(x_train, args.joint_batch_size)

    long = args.long_steps
    rbm_one, rbm_one_mean = rbm.gibbs(x_start, 1)
    _, rbm_long_mean = rbm.gibbs(rbm_one, long - 1) if long > 1 else (None, rbm_one_mean)
    _, dbm_one_mean = dbm.gibbs(x_start, 1)
    _, dbm_long_mean = dbm.gibbs(x_start, long)
    pictures = {"Rbm1": rbm_one_mean, f"Rbm{long}": rbm_long_mean, "Dbm1": dbm_one_mean,
                f"Dbm{long}": dbm_long_mean}
    metrics = {}
    for name, images in pictures.items():
        metrics[f"entropy{name}"] = _classifier.class_entropy(classify(images))
        metrics[f"sharpness{name}"] = sharpness(images)
    for k in (1, long):
        metrics[f"entropyGap{k}"] = metrics[f"entropyDbm{k}"] - metrics[f"entropyRbm{k}"]
        metrics[f"sharpnessGap{k}"] = metrics[f"sharpnessDbm{k}"] - metrics[f"sharpnessRbm{k}"]
    metrics["filterMatch"] = best_cosine(dbm.w1.T, rbm.w.T)
    metrics["filterMatchChance"] = best_cosine(dbm.w1.T, torch.randn(args.hidden, 784))
    return metrics


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-images", type=int, default=5000)
    parser.add_argument("--hidden", type=int, default=50)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--dbm-hidden1", type=int, default=100)
    parser.add_argument("--dbm-hidden2", type=int, default=100)
    parser.add_argument("--pretrain-epochs", type=int, default=6)
    parser.add_argument("--pretrain-lr", type=float, default=0.1)
    parser.add_argument("--joint-epochs", type=int, default=6)
    parser.add_argument("--joint-lr", type=float, default=0.01)
    parser.add_argument("--joint-batch-size", type=int, default=50)
    parser.add_argument("--mean-field-steps", type=int, default=5)
    parser.add_argument("--chains", type=int, default=500)
    parser.add_argument("--long-steps", type=int, default=500)
    parser.add_argument("--classifier-epochs", type=int, default=_classifier.EPOCHS)
    parser.add_argument("--classifier-images", type=int, default=_classifier.TRAIN_IMAGES)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    classify, accuracy = _classifier.train(args.classifier_epochs, args.classifier_images)
    x_train = load("train")[0][:args.train_images].float() / 255
    x_start = load("test")[0][:args.chains].float() / 255
    for seed in (int(s) for s in args.seeds.split(",")):
        metrics = run_seed(seed, x_train, x_start, classify, args)
        metrics["classifierAccuracy"] = accuracy
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
