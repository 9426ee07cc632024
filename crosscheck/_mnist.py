"""MNIST for the twins: the four gzip IDX files from ANNDL_DATA_DIR, random subsets per seed."""

import gzip
import os
import struct
import sys

import torch


def read_idx(path):
    """An IDX file as a uint8 tensor [n, 784] (images) or an int64 tensor [n] (labels)."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, count = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).view(count, rows * cols)
    if magic == 2049:
        return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()
    sys.exit(f"{path}: unknown IDX magic {magic}")


def load(split):
    """(images [n, 784] uint8, labels [n]) of `train` or `test` from ANNDL_DATA_DIR/mnist."""
    data_dir = os.environ.get("ANNDL_DATA_DIR")
    if not data_dir:
        sys.exit("ANNDL_DATA_DIR must name the data folder (e.g. ../shared/datasets)")
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(os.path.join(data_dir, "mnist", f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(data_dir, "mnist", f"{prefix}-labels-idx1-ubyte.gz"))
    return images, labels


def subset(images, labels, count, seed):
    """`count` random images scaled to [0, 1] and their labels, drawn by `seed`."""
    idx = torch.randperm(images.shape[0], generator=torch.Generator().manual_seed(seed))[:count]
    return images[idx].float() / 255, labels[idx]


def train_epoch(model, optimizer, loss_of, x, y, batch_size, generator=None):
    """One epoch of mini-batches in a fresh random order (Keras' shuffle; the last batch partial)."""
    order = torch.randperm(x.shape[0], generator=generator)
    for start in range(0, x.shape[0], batch_size):
        idx = order[start:start + batch_size]
        optimizer.zero_grad()
        loss_of(model(x[idx]), y[idx]).backward()
        optimizer.step()
