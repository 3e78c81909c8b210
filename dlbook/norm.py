"""Normalisation layers, written out: batch normalisation and layer norm.

Both rescale a layer's activations to mean 0 and variance 1, then let the
network choose its own scale and shift (``weight`` and ``bias``).  They
differ in *what* they average over:

* ``BatchNorm1d`` (Ioffe & Szegedy 2015) averages each feature over the
  batch.  A single example's output therefore depends on the rest of its
  batch, so at evaluation time it switches to running averages collected
  during training: the one layer whose ``train()``/``eval()`` mode changes
  the result.
* ``LayerNorm`` (Ba, Kiros & Hinton 2016) averages each example over its
  own features.  It needs no batch and no running statistics, which is why
  Transformers and RNNs use it.

``tests/test_norm.py`` checks both against ``nn.BatchNorm1d`` and
``nn.LayerNorm``: outputs, gradients and running statistics.

Taught on the page "Training deep networks / 训练深层网络".
"""

from __future__ import annotations

import torch
from torch import nn


def _check_features(X: torch.Tensor, num_features: int, name: str) -> None:
    if X.dim() != 2 or X.shape[1] != num_features:
        raise ValueError(f"{name} expects (B, {num_features}), got {tuple(X.shape)}")


class BatchNorm1d(nn.Module):
    """Normalise each feature over the batch: ``(B, C) -> (B, C)``.

    In training mode::

        mean, var = X.mean(0), X.var(0, unbiased=False)   # over the batch
        Y = weight * (X - mean) / sqrt(var + eps) + bias

    and the running estimates move a step ``momentum`` towards this batch's
    statistics (the running variance uses the unbiased estimate, as
    ``nn.BatchNorm1d`` does).  In evaluation mode the running estimates
    replace the batch's, so a prediction no longer depends on which other
    examples share its batch.
    """

    def __init__(self, num_features: int, *, eps: float = 1e-5,
                 momentum: float = 0.1) -> None:
        super().__init__()
        if num_features < 1:
            raise ValueError(f"num_features must be >= 1, got {num_features}")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.weight = nn.Parameter(torch.ones(num_features))  # (C,) scale
        self.bias = nn.Parameter(torch.zeros(num_features))  # (C,) shift
        # buffers: saved in state_dict and moved by .to(), but not trained
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        _check_features(X, self.num_features, "BatchNorm1d")
        if self.training:
            if len(X) < 2:
                raise ValueError("BatchNorm1d needs at least 2 examples per batch "
                                 f"in training mode, got {len(X)}")
            mean = X.mean(dim=0)  # (C,)
            var = X.var(dim=0, unbiased=False)  # (C,)
            with torch.no_grad():
                m = self.momentum
                unbiased = var * len(X) / (len(X) - 1)
                self.running_mean.mul_(1 - m).add_(m * mean)
                self.running_var.mul_(1 - m).add_(m * unbiased)
        else:
            mean, var = self.running_mean, self.running_var
        X_hat = (X - mean) / torch.sqrt(var + self.eps)  # (B, C)
        return self.weight * X_hat + self.bias

    def extra_repr(self) -> str:
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}"


class LayerNorm(nn.Module):
    """Normalise each example over its last dimension: ``(..., C) -> (..., C)``.

    ``Y = weight * (X - mean) / sqrt(var + eps) + bias`` with the mean and
    (biased) variance taken over the ``C`` features of that one example.
    The same computation in training and evaluation: nothing is remembered.
    """

    def __init__(self, num_features: int, *, eps: float = 1e-5) -> None:
        super().__init__()
        if num_features < 1:
            raise ValueError(f"num_features must be >= 1, got {num_features}")
        self.num_features, self.eps = num_features, eps
        self.weight = nn.Parameter(torch.ones(num_features))  # (C,)
        self.bias = nn.Parameter(torch.zeros(num_features))  # (C,)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.dim() < 1 or X.shape[-1] != self.num_features:
            raise ValueError(f"LayerNorm expects (..., {self.num_features}), "
                             f"got {tuple(X.shape)}")
        mean = X.mean(dim=-1, keepdim=True)  # (..., 1)
        var = X.var(dim=-1, unbiased=False, keepdim=True)  # (..., 1)
        return self.weight * (X - mean) / torch.sqrt(var + self.eps) + self.bias

    def extra_repr(self) -> str:
        return f"{self.num_features}, eps={self.eps}"
