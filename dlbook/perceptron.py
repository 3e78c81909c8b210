"""The perceptron and its forerunner, as their inventors defined them.

* ``McCullochPitts`` — the 1943 threshold unit: binary inputs, output 1
  when enough excitatory inputs are on and no inhibitory input is (an
  inhibitory input is a veto).  Nothing is learned; a person wires the
  unit (McCulloch & Pitts, "A logical calculus of the ideas immanent in
  nervous activity", 1943).
* ``Perceptron`` — Rosenblatt's 1958 unit, the same step function but with
  a learning rule: after each mistake, move the weights towards the input
  (``w += lr * (y - y_hat) * x``).  It converges whenever the classes are
  linearly separable, and never on XOR (Minsky & Papert, "Perceptrons",
  1969), which is why multi-layer networks and backpropagation mattered.

Taught on the page "History / 发展历程" (``docs/*/history/index.md``);
tested (the perceptron against ``torch.nn.Linear`` and ``torch.autograd``) in
``tests/test_perceptron.py``.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbook.train import History, check_training_args


def _check_binary_table(X: torch.Tensor, num_inputs: int, who: str) -> None:
    if not isinstance(X, torch.Tensor):
        raise TypeError(f"{who} expects a torch.Tensor, got {type(X).__name__}")
    if X.dim() != 2 or X.shape[1] != num_inputs:
        raise ValueError(
            f"{who} expects inputs of shape (B, {num_inputs}), "
            f"got {tuple(X.shape)}"
        )


class McCullochPitts:
    """The 1943 threshold unit, with the paper's *absolute* inhibition.

    Inputs are 0 or 1 and come in two kinds.  Excitatory inputs are counted;
    the unit fires when at least ``threshold`` of them are on.  Inhibitory
    inputs are not subtracted: in McCulloch and Pitts' model a single active
    inhibitory input silences the unit whatever the excitation (a veto, not a
    weight of -1).  ``X`` holds the excitatory inputs first, then the
    inhibitory ones.  Nothing is learned, so this is a plain class, not an
    ``nn.Module``.
    """

    def __init__(self, num_excitatory: int, threshold: int, num_inhibitory: int = 0) -> None:
        if num_excitatory < 0 or num_inhibitory < 0 or num_excitatory + num_inhibitory == 0:
            raise ValueError(
                "McCullochPitts needs at least one input and no negative counts, got "
                f"num_excitatory={num_excitatory}, num_inhibitory={num_inhibitory}")
        self.num_excitatory = int(num_excitatory)
        self.num_inhibitory = int(num_inhibitory)
        self.threshold = int(threshold)

    def __call__(self, X: torch.Tensor) -> torch.Tensor:
        """Fire (1) or stay silent (0) for each row of ``X`` (B, E + I)."""
        _check_binary_table(X, self.num_excitatory + self.num_inhibitory, "McCullochPitts")
        if not bool(((X == 0) | (X == 1)).all()):
            raise ValueError("McCullochPitts expects inputs that are 0 or 1, "
                             f"got values {sorted(set(X.flatten().tolist()))[:6]}")
        excitation = X[:, : self.num_excitatory].sum(dim=1)  # (B,)
        vetoed = X[:, self.num_excitatory:].bool().any(dim=1)  # (B,)
        return ((excitation >= self.threshold) & ~vetoed).long()

    def __repr__(self) -> str:
        return (f"McCullochPitts(num_excitatory={self.num_excitatory}, "
                f"threshold={self.threshold}, num_inhibitory={self.num_inhibitory})")


class Perceptron(nn.Module):
    """Rosenblatt's perceptron: a linear unit, a step, and a mistake rule.

    The forward pass is ``step(X @ w + b)``; the learning rule lives beside
    it in ``update`` so the two can be read together.
    """

    def __init__(self, num_inputs: int) -> None:
        super().__init__()
        if num_inputs < 1:
            raise ValueError(f"num_inputs must be >= 1, got {num_inputs}")
        self.w = nn.Parameter(torch.zeros(num_inputs), requires_grad=False)
        self.b = nn.Parameter(torch.zeros(()), requires_grad=False)

    def score(self, X: torch.Tensor) -> torch.Tensor:
        """The weighted sum ``X @ w + b`` before the step, shape (B,)."""
        _check_binary_table(X, len(self.w), "Perceptron")
        return X.float() @ self.w + self.b  # (B, C) @ (C,) -> (B,)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Predicted labels in {0, 1}, shape (B,)."""
        return (self.score(X) >= 0).long()

    @torch.no_grad()
    def update(self, x: torch.Tensor, y: int, *, lr: float = 1.0) -> bool:
        """One step of the perceptron rule on one example; True if it erred.

        ``w += lr * (y - y_hat) * x`` and ``b += lr * (y - y_hat)``: nothing
        changes when the prediction is right.
        """
        if y not in (0, 1):
            raise ValueError(f"labels must be 0 or 1, got {y}")
        y_hat = int(self(x.reshape(1, -1))[0])
        error = y - y_hat
        self.w += lr * error * x.float()
        self.b += lr * error
        return error != 0


def train_perceptron(
    model: Perceptron,
    X: torch.Tensor,
    y: torch.Tensor,
    *,
    num_epochs: int = 10,
    lr: float = 1.0,
) -> History:
    """Sweep the data ``num_epochs`` times; return a ``History`` whose
    ``mistakes`` are the number of misclassified examples of each epoch.

    A run whose last count is 0 has separated the classes (and stays there).
    """
    _check_binary_table(X, len(model.w), "train_perceptron")
    if y.shape != (len(X),):
        raise ValueError(
            f"y must have shape ({len(X)},), got {tuple(y.shape)}"
        )
    check_training_args(num_epochs=num_epochs, lr=lr)
    history = History(unit="epoch")
    for _ in range(num_epochs):
        history.log(mistakes=sum(model.update(x, int(t), lr=lr)
                                 for x, t in zip(X, y)))
    return history
