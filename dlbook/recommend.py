"""A recommender as an embedding model: matrix factorisation.

Every user and every item gets a short vector (an *embedding*); the
predicted rating is their dot product plus a user bias, an item bias and the
global mean (Koren, Bell & Volinsky, "Matrix factorization techniques for
recommender systems", IEEE Computer 2009 — the model behind the Netflix
Prize).  The same idea, an embedding table looked up by id, is how deep
recommenders and language models represent discrete things.

* ``make_ratings`` — a seeded, generated rating table with a known low-rank
  structure, so the demo runs offline and in seconds.
* ``MatrixFactorization`` — the model; ``fit_mf`` trains it full-batch.
* ``item_mean_baseline`` and ``rmse`` — the popularity baseline and metric.

Taught on the page "Applications / 典型应用" (``docs/*/applications/``);
tested against ``torch.nn.Embedding`` in ``tests/test_recommend.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbook.train import History, check_training_args, progress_bar


@dataclass
class Ratings:
    """Observed (user, item, rating) triples, each a tensor of shape (N,)."""

    users: torch.Tensor
    items: torch.Tensor
    ratings: torch.Tensor
    num_users: int
    num_items: int

    def __len__(self) -> int:
        return len(self.ratings)

    def split(self, test: float = 0.2, *, seed: int = 0
              ) -> tuple["Ratings", "Ratings"]:
        """A seeded random train / test split of the observed triples."""
        if not 0 < test < 1:
            raise ValueError(f"test must be in (0, 1), got {test}")
        g = torch.Generator().manual_seed(seed)
        order = torch.randperm(len(self), generator=g)
        cut = int(len(self) * (1 - test))
        parts = order[:cut], order[cut:]
        return tuple(  # type: ignore[return-value]
            Ratings(self.users[i], self.items[i], self.ratings[i],
                    self.num_users, self.num_items) for i in parts)


def make_ratings(
    num_users: int = 300,
    num_items: int = 200,
    *,
    rank: int = 4,
    density: float = 0.1,
    noise: float = 0.3,
    seed: int = 0,
) -> Ratings:
    """Ratings from hidden tastes: ``3 + item bias + u . v + noise``.

    Each user has ``rank`` hidden tastes and each item ``rank`` hidden
    traits; some items are simply better liked (the item bias), which is
    all a popularity baseline can see.  A fraction ``density`` of the
    (user, item) pairs is observed.
    """
    if num_users < 1 or num_items < 1:
        raise ValueError(
            f"need at least one user and one item, got {num_users} users "
            f"and {num_items} items")
    if not 0 < density <= 1:
        raise ValueError(f"density must be in (0, 1], got {density}")
    g = torch.Generator().manual_seed(seed)
    tastes = torch.randn(num_users, rank, generator=g)  # (U, k)
    traits = torch.randn(num_items, rank, generator=g)  # (I, k)
    item_bias = 0.5 * torch.randn(num_items, generator=g)  # (I,)
    full = 3 + item_bias + tastes @ traits.T / rank ** 0.5  # (U, I)
    mask = torch.rand(num_users, num_items, generator=g) < density
    users, items = mask.nonzero(as_tuple=True)  # (N,), (N,)
    ratings = full[users, items] + noise * torch.randn(len(users),
                                                       generator=g)
    return Ratings(users, items, ratings, num_users, num_items)


class MatrixFactorization(nn.Module):
    """``r_hat(u, i) = mu + b_u + b_i + p_u . q_i``, embeddings looked up by id.

    The lookups ``P[users]`` are what ``nn.Embedding`` does; they are
    written out as plain indexing so the model reads as its formula.
    """

    def __init__(self, num_users: int, num_items: int, num_factors: int = 8,
                 *, mu: float = 0.0) -> None:
        super().__init__()
        if min(num_users, num_items, num_factors) < 1:
            raise ValueError(
                "num_users, num_items and num_factors must be >= 1, got "
                f"{num_users}, {num_items}, {num_factors}")
        self.P = nn.Parameter(0.1 * torch.randn(num_users, num_factors))
        self.Q = nn.Parameter(0.1 * torch.randn(num_items, num_factors))
        self.user_bias = nn.Parameter(torch.zeros(num_users))
        self.item_bias = nn.Parameter(torch.zeros(num_items))
        self.register_buffer("mu", torch.tensor(float(mu)))

    def forward(self, users: torch.Tensor, items: torch.Tensor
                ) -> torch.Tensor:
        """Predicted ratings, shape (B,), for id tensors of shape (B,)."""
        for name, ids, n in (("users", users, len(self.P)),
                             ("items", items, len(self.Q))):
            if ids.dtype != torch.long or ids.dim() != 1:
                raise ValueError(
                    f"{name} must be a 1-D tensor of int64 ids, got dtype "
                    f"{ids.dtype} and shape {tuple(ids.shape)}")
            if len(ids) and (ids.min() < 0 or ids.max() >= n):
                raise ValueError(
                    f"{name} ids must be in [0, {n}), got "
                    f"[{int(ids.min())}, {int(ids.max())}]")
        p, q = self.P[users], self.Q[items]  # (B, k), (B, k)
        dot = (p * q).sum(dim=1)  # (B,)
        return self.mu + self.user_bias[users] + self.item_bias[items] + dot


def rmse(pred: torch.Tensor, target: torch.Tensor) -> float:
    """Root mean squared error, the Netflix Prize metric."""
    if pred.shape != target.shape:
        raise ValueError(
            f"pred and target must have the same shape, got "
            f"{tuple(pred.shape)} and {tuple(target.shape)}")
    return ((pred - target) ** 2).mean().sqrt().item()


def item_mean_baseline(train: Ratings) -> torch.Tensor:
    """Each item's mean training rating (the global mean for unseen items).

    "Recommend what is popular": it knows items, not users.
    """
    sums = torch.zeros(train.num_items).index_add_(0, train.items,
                                                   train.ratings)
    counts = torch.zeros(train.num_items).index_add_(
        0, train.items, torch.ones(len(train)))
    mean = train.ratings.mean()
    return torch.where(counts > 0, sums / counts.clamp(min=1), mean)


def fit_mf(
    model: MatrixFactorization,
    train: Ratings,
    *,
    num_epochs: int = 200,
    lr: float = 0.05,
    weight_decay: float = 1e-4,
    progress: bool | None = None,
) -> History:
    """Full-batch Adam on the squared error, ``num_epochs`` times (one step
    per epoch); returns a ``History`` whose ``train_loss`` is the loss of
    each epoch.

    ``weight_decay`` keeps the embeddings of rarely rated users and items
    small, which is what stops the model from memorising the noise.
    """
    check_training_args(num_epochs=num_epochs, lr=lr)
    if len(train) == 0:
        raise ValueError("train has no ratings")
    optimizer = torch.optim.Adam(model.parameters(), lr=lr,
                                 weight_decay=weight_decay)
    history = History(unit="epoch")
    for _ in progress_bar(num_epochs, "epoch", progress):
        loss = ((model(train.users, train.items) - train.ratings) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.log(train_loss=loss.item())
    return history
