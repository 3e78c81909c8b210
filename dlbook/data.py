"""Data the book trains on, all available offline, and the split helper.

* ``load_digits`` — scikit-learn's 1,797 handwritten digits (8×8 pixels),
  which ship inside the scikit-learn wheel: a real data set, no download.
* ``split`` — a seeded, stratified train / validation / test split.
* ``loader`` — a ``DataLoader`` whose shuffling is seeded too.
* ``digit_features`` — 22 hand-made features of a digit image, the input of
  the classical baseline on "What is deep learning / 什么是深度学习".

Taught on the page "The training workflow / 训练流程".
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from sklearn.datasets import load_digits as _sk_load_digits
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset


def load_digits(*, flatten: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """The 8×8 digits as ``(X, y)``: pixels scaled to [0, 1], labels 0–9.

    ``X`` has shape ``(N, 1, 8, 8)`` (one channel, for CNNs), or ``(N, 64)``
    with ``flatten=True`` (for MLPs and classical models).
    """
    d = _sk_load_digits()
    X = torch.tensor(d.images, dtype=torch.float32) / 16.0  # (N, 8, 8), 0..16 -> 0..1
    y = torch.tensor(d.target, dtype=torch.long)  # (N,)
    X = X.reshape(len(X), -1) if flatten else X.unsqueeze(1)  # (N, 64) or (N, 1, 8, 8)
    return X, y


@dataclass
class Splits:
    """Three ``(X, y)`` pairs. Unpack with ``train, val, test = splits``."""

    train: tuple[torch.Tensor, torch.Tensor]
    val: tuple[torch.Tensor, torch.Tensor]
    test: tuple[torch.Tensor, torch.Tensor]

    def __iter__(self):
        return iter((self.train, self.val, self.test))

    def sizes(self) -> tuple[int, int, int]:
        return len(self.train[1]), len(self.val[1]), len(self.test[1])


def split(
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    val: float = 0.15,
    test: float = 0.15,
    seed: int = 0,
    stratify: bool = True,
) -> Splits:
    """Split into train / validation / test, keeping class proportions.

    ``val`` and ``test`` are fractions of the whole data set.  Stratifying
    (the default) keeps each class's share the same in all three parts, so a
    small test set is not accidentally missing a class.
    """
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    if len(y) == 0:
        raise ValueError("cannot split an empty data set")
    for name, frac in (("val", val), ("test", test)):
        if not 0 < frac < 1:
            raise ValueError(f"{name} must be a fraction in (0, 1), got {frac}")
    if val + test >= 1:
        raise ValueError(f"val + test must leave data for training, got {val} + {test}")
    idx = torch.arange(len(y)).numpy()
    labels = y.numpy() if stratify else None
    rest, test_idx = train_test_split(idx, test_size=test, random_state=seed, stratify=labels)
    labels_rest = y[rest].numpy() if stratify else None
    train_idx, val_idx = train_test_split(
        rest, test_size=val / (1 - test), random_state=seed, stratify=labels_rest
    )
    pick = lambda i: (X[torch.as_tensor(i)], y[torch.as_tensor(i)])  # noqa: E731
    return Splits(pick(train_idx), pick(val_idx), pick(test_idx))


def loader(
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int = 64,
    shuffle: bool = False,
    seed: int = 0,
) -> DataLoader:
    """A ``DataLoader`` over tensors; with ``shuffle=True`` the order is seeded."""
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(
        TensorDataset(X, y), batch_size=batch_size, shuffle=shuffle, generator=generator
    )


def digit_features(X: torch.Tensor) -> torch.Tensor:
    """22 features a person might design for 8×8 digits, ``(N, 22)``.

    Traditional machine learning starts from features chosen by hand; deep
    learning learns its own from the pixels.  These are: how much ink each
    row has (8) and each column has (8), the ink in each quadrant (4), and
    how far the digit is from left-right and top-bottom mirror symmetry (2).
    Shown on the page "What is deep learning / 什么是深度学习".
    """
    if not isinstance(X, torch.Tensor) or X.dim() != 4 or tuple(X.shape[1:]) != (1, 8, 8):
        shape = tuple(X.shape) if isinstance(X, torch.Tensor) else type(X).__name__
        raise ValueError(f"digit_features expects images of shape (N, 1, 8, 8), got {shape}")
    img = X[:, 0]  # (N, 8, 8)
    rows = img.mean(dim=2)  # (N, 8)
    cols = img.mean(dim=1)  # (N, 8)
    quads = img.reshape(-1, 2, 4, 2, 4).mean(dim=(2, 4)).flatten(1)  # (N, 4)
    lr_sym = (img - img.flip(2)).abs().mean(dim=(1, 2))  # (N,)
    tb_sym = (img - img.flip(1)).abs().mean(dim=(1, 2))  # (N,)
    return torch.cat([rows, cols, quads, lr_sym[:, None], tb_sym[:, None]], dim=1)
