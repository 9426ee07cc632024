"""The PyTorch twin of 4.2-gan-backbone: the vanilla GAN against a DCGAN-style one, in torch.

Same data (the first MNIST training images, pixels / 255 mapped to [−1, 1], tanh's range), same
models (lib/models/gan.ts) with PyTorch's default initialisation, which the suite copies:
- vanilla: G latent → widths → 784 with LeakyReLU(0.2) and tanh; D 784 → widths → 1 logit with
  LeakyReLU(0.2) and dropout 0.3 after each hidden layer;
- CNN: G dense → 7×7 maps (LeakyReLU) → 4×4 stride-2 transposed convolutions to 14×14
  (LeakyReLU) and 28×28 (tanh); D two 4×4 stride-2 convolutions with LeakyReLU, then one logit;
same training: each epoch reshuffled, batches of `batch-size` (the last partial), z ~ N(0, I) per
step; D on the real batch and G(z) held fixed, loss ½ (BCE(D(x), 1) + BCE(D(G(z)), 0)), then G
through the updated D on the same z, loss BCE(D(G(z)), 1), dropout active in both; two Adams
(lr, β = (0.5, 0.999), ε 1e-8). Then `samples` digits from N(0, I) latents and `pairs` latent
pairs decoded at `frames` points of (1 − λ)z0 + λz1, labelled by the reference classifier
(_classifier.py, the suite's CNN and training).

Prints one JSON line per seed: {"framework", "version", "seed", "metrics": {entropyFc,
entropyCnn, entropyGap, interpolationChangeFc, interpolationChangeCnn, dLossFc, gLossFc,
dLossCnn, gLossCnn (last epoch's mean losses), classifierAccuracy}} with the suite's names
(lib/claims/ex4/gan_backbone.ts).

Usage: /usr/bin/python3 crosscheck/gan_torch.py [--train-images 10000] [--batch-size 64]
       [--epochs 3] [--lr 1e-3] [--latent 10] [--generator-widths 64,128,256]
       [--discriminator-widths 256,128,64] [--cnn-generator-widths 32,16]
       [--cnn-discriminator-widths 16,32] [--samples 1000] [--pairs 20] [--frames 10]
       [--classifier-epochs 3] [--classifier-images 20000] [--seeds 0,1]
"""

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

import _classifier  # noqa: E402
from _mnist import load  # noqa: E402

torch.set_num_threads(1)

DROPOUT = 0.3  # course: the vanilla D's dropout
ADAM_BETAS = (0.5, 0.999)  # course
ADAM_EPSILON = 1e-8  # tf.train.adam's, which the suite's FusedAdam takes


def fc_generator(latent, widths):
    layers, fan_in = [], latent
    for width in widths:
        layers += [nn.Linear(fan_in, width), nn.LeakyReLU(0.2)]
        fan_in = width
    return nn.Sequential(*layers, nn.Linear(fan_in, 784), nn.Tanh(), nn.Unflatten(1, (1, 28, 28)))


def fc_discriminator(widths):
    layers, fan_in = [nn.Flatten()], 784
    for width in widths:
        layers += [nn.Linear(fan_in, width), nn.LeakyReLU(0.2), nn.Dropout(DROPOUT)]
        fan_in = width
    return nn.Sequential(*layers, nn.Linear(fan_in, 1))


def cnn_generator(latent, widths):
    maps, channels = widths
    return nn.Sequential(
        nn.Linear(latent, 7 * 7 * maps), nn.LeakyReLU(0.2), nn.Unflatten(1, (maps, 7, 7)),
        # [n, maps, 7, 7] → [n, channels, 14, 14] → [n, 1, 28, 28]; padding 1 is TF's "same" here.
        nn.ConvTranspose2d(maps, channels, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.ConvTranspose2d(channels, 1, 4, stride=2, padding=1), nn.Tanh(),
    )


def cnn_discriminator(widths):
    first, second = widths
    return nn.Sequential(
        # [n, 1, 28, 28] → [n, first, 14, 14] → [n, second, 7, 7] → [n, 1].
        nn.Conv2d(1, first, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Conv2d(first, second, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(7 * 7 * second, 1),
    )


def train_gan(generator, discriminator, real, args):
    """Train in place; returns the last epoch's mean D and G losses."""
    d_optimizer = torch.optim.Adam(discriminator.parameters(), lr=args.lr, betas=ADAM_BETAS,
                                   eps=ADAM_EPSILON)
    g_optimizer = torch.optim.Adam(generator.parameters(), lr=args.lr, betas=ADAM_BETAS,
                                   eps=ADAM_EPSILON)
    bce = nn.BCEWithLogitsLoss()
    generator.train()
    discriminator.train()
    for _ in range(args.epochs):
        order = torch.randperm(real.shape[0])
        d_sum = g_sum = 0.0
        steps = 0
        for start in range(0, real.shape[0], args.batch_size):
            batch = real[order[start:start + args.batch_size]]
            n = batch.shape[0]
            ones, zeros = torch.ones(n, 1), torch.zeros(n, 1)
            z = torch.randn(n, args.latent)
            fake = generator(z).detach()
            d_optimizer.zero_grad()
            d_loss = 0.5 * (bce(discriminator(batch), ones) + bce(discriminator(fake), zeros))
            d_loss.backward()
            d_optimizer.step()
            g_optimizer.zero_grad()
            g_loss = bce(discriminator(generator(z)), ones)
            g_loss.backward()
            g_optimizer.step()
            d_sum += float(d_loss)
            g_sum += float(g_loss)
            steps += 1
    return d_sum / steps, g_sum / steps


def interpolation_paths(ends, pairs, frames):
    """Rows 2p and 2p+1 of `ends` are path p's ends: [pairs·frames, latent], path after path."""
    lambdas = torch.linspace(0, 1, frames).view(1, frames, 1)
    z = ends.view(pairs, 2, -1)
    return (z[:, :1] * (1 - lambdas) + z[:, 1:] * lambdas).reshape(pairs * frames, -1)


def measure(generator, classify, seed, args):
    """Class entropy of `samples` digits and the share of interpolations whose class changes."""
    generator.eval()
    draw = torch.Generator().manual_seed(seed + 2000)
    z = torch.randn(args.samples, args.latent, generator=draw)
    ends = torch.randn(2 * args.pairs, args.latent, generator=draw)
    with torch.no_grad():
        def pictures(latents):
            return ((generator(latents) + 1) / 2).reshape(-1, 784)  # tanh's [−1, 1] → [0, 1]
        entropy = _classifier.class_entropy(classify(pictures(z)))
        along = classify(pictures(interpolation_paths(ends, args.pairs, args.frames)))
    rows = along.view(args.pairs, args.frames)
    changed = (rows != rows[:, :1]).any(dim=1).double().mean()
    return entropy, float(changed)


def widths(text):
    return [int(w) for w in text.split(",")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-images", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--latent", type=int, default=10)
    parser.add_argument("--generator-widths", type=widths, default=[64, 128, 256])
    parser.add_argument("--discriminator-widths", type=widths, default=[256, 128, 64])
    parser.add_argument("--cnn-generator-widths", type=widths, default=[32, 16])
    parser.add_argument("--cnn-discriminator-widths", type=widths, default=[16, 32])
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--frames", type=int, default=10)
    parser.add_argument("--classifier-epochs", type=int, default=_classifier.EPOCHS)
    parser.add_argument("--classifier-images", type=int, default=_classifier.TRAIN_IMAGES)
    parser.add_argument("--seeds", default="0")
    args = parser.parse_args()
    classify, accuracy = _classifier.train(args.classifier_epochs, args.classifier_images)
    real = load("train")[0][:args.train_images].float().div(255).mul(2).sub(1).view(-1, 1, 28, 28)
    backbones = {
        "Fc": lambda: (fc_generator(args.latent, args.generator_widths),
                       fc_discriminator(args.discriminator_widths)),
        "Cnn": lambda: (cnn_generator(args.latent, args.cnn_generator_widths),
                        cnn_discriminator(args.cnn_discriminator_widths)),
    }
    for seed in (int(s) for s in args.seeds.split(",")):
        torch.manual_seed(seed)
        metrics = {}
        for name, build in backbones.items():
            generator, discriminator = build()
            d_loss, g_loss = train_gan(generator, discriminator, real, args)
            entropy, change = measure(generator, classify, seed, args)
            metrics[f"entropy{name}"] = entropy
            metrics[f"interpolationChange{name}"] = change
            metrics[f"dLoss{name}"] = d_loss
            metrics[f"gLoss{name}"] = g_loss
        metrics["entropyGap"] = metrics["entropyCnn"] - metrics["entropyFc"]
        metrics["classifierAccuracy"] = accuracy
        print(json.dumps({"framework": "pytorch", "version": torch.__version__, "seed": seed,
                          "metrics": metrics}), flush=True)


if __name__ == "__main__":
    main()
