"""The first models of the book: an MLP and a small CNN for the digits.

* ``MLP`` — a multilayer perceptron (Rumelhart, Hinton & Williams 1986)
  made of ``dlbook.neuron.Dense`` layers, the layer built from neurons on
  the page "The neuron".  Taught on "Neurons, layers and depth /
  神经元、层与深度" (``docs/*/basics/neurons-layers.md``).
* ``DigitsCNN`` — two convolutions and a linear classifier for 8×8 images,
  in the spirit of LeCun et al. 1989/1998 (LeNet), from plain ``torch.nn``
  layers.  Used on "What is deep learning" and "The training workflow".
* ``RandomShift`` — the one-pixel shift augmentation ``DigitsCNN`` can use.
* ``train_digits_cnn`` — the whole recipe of "The training workflow /
  训练流程" in one call, for the page's later blocks.

Tested in ``tests/test_models.py`` (``MLP`` against ``nn.Linear`` layers
with copied weights).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from dlbook.data import Splits, load_digits, loader, split
from dlbook.neuron import Dense
from dlbook.seeding import seed_everything
from dlbook.train import History, fit


class MLP(nn.Module):
    """``Dense`` layers with an activation between them; the last is linear.

    ``MLP(64, [32, 32], 10)`` maps 64 inputs through two hidden layers of 32
    neurons to 10 outputs (the logits, for a loss like cross-entropy).
    ``hidden_sizes`` lists the width of each hidden layer, so the call shows
    both the depth and the width.  The book's one MLP: the autoencoder's
    encoder and decoder and the GAN's two networks are built from it.
    ``activation`` is any of ``dlbook.neuron.ACTIVATIONS``.
    """

    def __init__(
        self,
        num_inputs: int,
        hidden_sizes: Sequence[int],
        num_outputs: int,
        *,
        activation: str = "relu",
    ) -> None:
        super().__init__()
        if isinstance(hidden_sizes, int) or not all(
            isinstance(h, int) and h >= 1 for h in hidden_sizes
        ):
            raise ValueError(
                f"hidden_sizes must be a list of positive ints, got {hidden_sizes!r}")
        sizes = [num_inputs, *hidden_sizes, num_outputs]
        self.layers = nn.ModuleList(
            Dense(sizes[i], sizes[i + 1],
                  activation=activation if i < len(sizes) - 2 else "identity")
            for i in range(len(sizes) - 1)
        )

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            X = layer(X)  # (B, C_in) -> (B, C_out)
        return X


class RandomShift(nn.Module):
    """Data augmentation: move each training image by up to ``pixels`` pixels.

    A digit moved by one pixel is still the same digit, so every epoch sees
    slightly different images and the network cannot memorise exact pixel
    positions (Simard, Steinkraus & Platt 2003).  Does nothing in
    ``eval()`` mode, so evaluation and export see the images unchanged.
    """

    def __init__(self, pixels: int = 1) -> None:
        super().__init__()
        if not isinstance(pixels, int) or pixels < 0:
            raise ValueError(f"pixels must be a non-negative int, got {pixels!r}")
        self.pixels = pixels

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if not self.training or self.pixels == 0:
            return X
        if X.dim() != 4:
            raise ValueError(f"RandomShift expects (B, C, H, W), got {tuple(X.shape)}")
        B, C, H, W = X.shape
        p = self.pixels
        padded = F.pad(X, (p, p, p, p))  # (B, C, H + 2p, W + 2p), zeros around
        dy = torch.randint(0, 2 * p + 1, (B, 1, 1), device=X.device)
        dx = torch.randint(0, 2 * p + 1, (B, 1, 1), device=X.device)
        rows = dy + torch.arange(H, device=X.device).view(1, H, 1)  # (B, H, 1)
        cols = dx + torch.arange(W, device=X.device).view(1, 1, W)  # (B, 1, W)
        b = torch.arange(B, device=X.device).view(B, 1, 1)
        out = padded.permute(0, 2, 3, 1)[b, rows, cols]  # (B, H, W, C)
        return out.permute(0, 3, 1, 2)  # (B, C, H, W)

    def extra_repr(self) -> str:
        return f"pixels={self.pixels}"


class DigitsCNN(nn.Module):
    """A small CNN for ``(B, 1, 8, 8)`` images: conv, conv, pool, linear.

    Each 3×3 convolution looks at a pixel's neighbourhood with the same
    weights everywhere in the image: the prior that suits pictures and that
    an MLP on raw pixels lacks.  ``augment=True`` puts a ``RandomShift``
    in front, active only while training.
    """

    def __init__(self, *, channels: int = 16, num_hiddens: int = 64,
                 num_classes: int = 10, dropout: float = 0.25,
                 augment: bool = False) -> None:
        super().__init__()
        c = channels
        self.augment = RandomShift(1) if augment else nn.Identity()
        self.features = nn.Sequential(
            nn.Conv2d(1, c, 3, padding=1), nn.ReLU(),  # (B, c, 8, 8)
            nn.Conv2d(c, 2 * c, 3, padding=1), nn.ReLU(),  # (B, 2c, 8, 8)
            nn.MaxPool2d(2),  # (B, 2c, 4, 4)
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),  # (B, 2c * 16)
            nn.Dropout(dropout),
            nn.Linear(2 * c * 16, num_hiddens), nn.ReLU(),
            nn.Linear(num_hiddens, num_classes),  # (B, num_classes)
        )

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.dim() != 4 or tuple(X.shape[1:]) != (1, 8, 8):
            raise ValueError(
                f"DigitsCNN expects images of shape (B, 1, 8, 8), got {tuple(X.shape)}")
        return self.classifier(self.features(self.augment(X)))


def train_digits_cnn(
    *, seed: int = 0, num_epochs: int = 20, checkpoint: str | None = None
) -> tuple[DigitsCNN, History, Splits]:
    """The recipe of "The training workflow / 训练流程" in one call.

    Steps 1–5 of that page: load the digits, split them 70/15/15
    (stratified, seeded), a ``DigitsCNN`` with shift augmentation, Adam with
    a cosine learning-rate schedule, ``fit`` with early stopping and the
    best checkpoint kept.  Later blocks of the page call this to get the
    trained model back, since every block on a page runs on its own.

    Returns the model, ``fit``'s ``History`` and the splits: unlike the
    book's training loops, this recipe also builds the model and the data,
    and the page's later blocks need all three.
    """
    seed_everything(seed)
    X, y = load_digits()
    splits = split(X, y, val=0.15, test=0.15, seed=seed)
    model = DigitsCNN(augment=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, num_epochs)
    history = fit(
        model, loader(*splits.train, batch_size=32, shuffle=True, seed=seed),
        loader(*splits.val), loss_fn=F.cross_entropy, optimizer=optimizer,
        scheduler=scheduler, num_epochs=num_epochs, patience=5,
        checkpoint=checkpoint, progress=False,
    )
    return model, history, splits
