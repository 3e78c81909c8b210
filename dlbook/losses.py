"""Loss functions written out: cross-entropy for classes, MSE for numbers.

* ``cross_entropy`` — the mean of ``-log softmax(logits)[y]``, the negative
  log-likelihood of the true class (Good 1952; used for networks since
  Bridle 1990).  Computed through ``log_softmax`` with the log-sum-exp trick,
  so logits of 1000 do not overflow ``exp``.
* ``naive_cross_entropy`` — the same formula taken literally (softmax, then
  log), kept to *show* why the trick is needed: it returns ``inf``/``nan``
  for large logits.
* ``mse_loss`` — the mean squared error (Gauss, Legendre: least squares),
  the loss for regression.

Taught on the page "Loss functions / 损失函数" (``docs/*/basics/losses.md``);
tested against ``F.cross_entropy`` and ``F.mse_loss`` in
``tests/test_losses.py``.
"""

from __future__ import annotations

import torch


def _check_tensor(x: torch.Tensor, name: str, who: str) -> None:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{who} expects {name} as a torch.Tensor, got {type(x).__name__}")


def _check_logits(logits: torch.Tensor, y: torch.Tensor, who: str) -> None:
    _check_tensor(logits, "logits", who)
    _check_tensor(y, "y", who)
    if logits.dim() != 2 or not logits.is_floating_point():
        raise ValueError(
            f"{who} expects float logits of shape (B, classes), "
            f"got {tuple(logits.shape)} with dtype {logits.dtype}")
    if y.dim() != 1 or y.dtype != torch.long or len(y) != len(logits):
        raise ValueError(
            f"{who} expects integer labels of shape ({len(logits)},), "
            f"got {tuple(y.shape)} with dtype {y.dtype}")
    if len(y) == 0:
        raise ValueError(f"{who} got an empty batch")
    if y.min() < 0 or y.max() >= logits.shape[1]:
        raise ValueError(
            f"{who} expects labels in [0, {logits.shape[1] - 1}], "
            f"got min {y.min().item()} and max {y.max().item()}")


def logsumexp(z: torch.Tensor) -> torch.Tensor:
    """``log(sum(exp(z)))`` over the last dim, without overflow.

    With ``m = max(z)``: ``log sum e^z = m + log sum e^(z - m)``.  Every
    ``z - m <= 0``, so each ``e^(z - m)`` lies in (0, 1] and the sum is at
    least 1: neither overflow nor ``log(0)`` can happen.
    """
    m = z.max(dim=-1, keepdim=True).values.detach()  # (B, 1); a constant
    return (m + (z - m).exp().sum(dim=-1, keepdim=True).log()).squeeze(-1)  # (B,)


def log_softmax(z: torch.Tensor) -> torch.Tensor:
    """``log(softmax(z))`` computed as ``z - logsumexp(z)``."""
    return z - logsumexp(z).unsqueeze(-1)  # (B, classes)


def softmax(z: torch.Tensor) -> torch.Tensor:
    """``e^z / sum(e^z)`` over the last dim, shifted by the max for safety."""
    e = (z - z.max(dim=-1, keepdim=True).values).exp()  # (B, classes)
    return e / e.sum(dim=-1, keepdim=True)


def cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of ``-log p(true class)``; matches ``F.cross_entropy``.

    ``logits`` are the raw scores ``(B, classes)``, before any softmax;
    ``y`` the class indices ``(B,)``.
    """
    _check_logits(logits, y, "cross_entropy")
    log_p = log_softmax(logits)  # (B, classes)
    return -log_p[torch.arange(len(y)), y].mean()


def naive_cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The textbook formula taken literally: ``-log(e^z_y / sum e^z)``.

    Do not train with it: ``exp(1000)`` is ``inf`` in float32, and
    ``inf / inf`` is ``nan``.  It is here to show the failure.
    """
    _check_logits(logits, y, "naive_cross_entropy")
    e = logits.exp()  # (B, classes); overflows for logits above ~88
    p = e / e.sum(dim=1, keepdim=True)
    return -p[torch.arange(len(y)), y].log().mean()


def mse_loss(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean of ``(y_hat - y)^2`` over every element; matches ``F.mse_loss``."""
    _check_tensor(y_hat, "y_hat", "mse_loss")
    _check_tensor(y, "y", "mse_loss")
    if y_hat.shape != y.shape:
        raise ValueError(
            f"mse_loss expects y_hat and y of the same shape, "
            f"got {tuple(y_hat.shape)} and {tuple(y.shape)}")
    if not (y_hat.is_floating_point() and y.is_floating_point()):
        raise ValueError(
            f"mse_loss expects float tensors, got {y_hat.dtype} and {y.dtype}")
    if y.numel() == 0:
        raise ValueError("mse_loss got empty tensors")
    return ((y_hat - y) ** 2).mean()
