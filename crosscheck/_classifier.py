"""The reference MNIST classifier for the twins that label generated digits (exercise 4).

The suite labels samples with the report's CNN (1.3.5) trained as lib/training/reference_classifier.ts
says: 3 epochs of Adam (lr 1e-3, Keras' epsilon 1e-7) on the first 20,000 training images in
batches of 32, reshuffled every epoch, seed 0. This is that network and training in torch: conv 32
3×3 ReLU → max-pool 2 → conv 64 3×3 ReLU → max-pool 2 → flatten → dropout 0.5 → dense 10, with
Keras' initialisation (Glorot-uniform kernels, zero biases) and cross-entropy over the softmax.
"""

import torch
from torch import nn

from _mnist import load, train_epoch

EPOCHS = 3  # REFERENCE_CLASSIFIER_TRAINING.epochs
TRAIN_IMAGES = 20_000  # the first ones of the training split
BATCH_SIZE = 32
LEARNING_RATE = 1e-3
KERAS_ADAM_EPSILON = 1e-7
SEED = 0  # fixed: the classifier does not vary with the claim's seed, as in the suite


def build():
    """The report's MNIST CNN, input [n, 1, 28, 28], output logits [n, 10]."""
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),  # → [n, 32, 13, 13]
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),  # → [n, 64, 5, 5]
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10),
    )
    for layer in model:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(layer.weight)  # Keras' glorot_uniform, same fans
            nn.init.zeros_(layer.bias)
    return model


def train(epochs=EPOCHS, train_images=TRAIN_IMAGES):
    """Train the classifier; returns (classify, test accuracy on the 10,000 test images).

    `classify(images)` takes [n, 784] in [0, 1] and returns the arg-max digit of each, [n].
    """
    images, labels = load("train")
    x = images[:train_images].float().div(255).view(-1, 1, 28, 28)
    y = labels[:train_images]
    generator = torch.Generator().manual_seed(SEED)
    with torch.random.fork_rng():
        torch.manual_seed(SEED)
        model = build()
        optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE,
                                     eps=KERAS_ADAM_EPSILON)
        loss_of = nn.CrossEntropyLoss()
        model.train()
        for _ in range(epochs):
            train_epoch(model, optimizer, loss_of, x, y, BATCH_SIZE, generator)
    model.eval()

    def classify(flat):
        with torch.no_grad():
            shaped = flat.reshape(-1, 1, 28, 28)
            return torch.cat([model(shaped[i:i + 500]).argmax(dim=1)
                              for i in range(0, shaped.shape[0], 500)])

    test_images, test_labels = load("test")
    accuracy = float((classify(test_images.float() / 255) == test_labels).double().mean())
    return classify, accuracy


def class_entropy(labels, classes=10):
    """Shannon entropy in bits of the histogram of `labels` (lib/training/image_metrics.ts)."""
    counts = torch.bincount(labels, minlength=classes).double()
    p = counts[counts > 0] / labels.shape[0]
    return float(-(p * torch.log2(p)).sum()) + 0.0  # + 0.0: one class gives 0.0, not −0.0
