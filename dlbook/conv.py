"""Convolution and pooling written as a sliding window, and a small LeNet.

A convolutional layer slides a small window (the kernel) over the image and
takes, at every position, the weighted sum of the pixels under it.  The same
weights are used everywhere, so a layer that detects an edge in one corner
detects it in every corner too (LeCun et al., "Gradient-based learning
applied to document recognition", 1998).  Pooling then keeps the strongest
(max) or the average answer of each small patch, which shrinks the map.

``conv2d`` / ``max_pool2d`` / ``avg_pool2d`` are written with one Python
loop over output positions so that the window is visible; they are tested
against ``torch.nn.functional`` in ``tests/test_conv.py``.  ``LeNet`` uses
the fast ``nn.Conv2d`` by default (``from_scratch=True`` swaps ours in).

Taught on the page "Convolutional networks / 卷积神经网络"
(``docs/*/cnn/index.md``).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn


def _pair(v: int | tuple[int, int], name: str) -> tuple[int, int]:
    pair = (v, v) if isinstance(v, int) else tuple(v)
    if len(pair) != 2 or any(not isinstance(p, int) for p in pair):
        raise TypeError(f"{name} must be an int or a pair of ints, got {v!r}")
    return pair  # type: ignore[return-value]


def _check_image(X: torch.Tensor, who: str) -> None:
    if not isinstance(X, torch.Tensor) or X.dim() != 4:
        shape = (tuple(X.shape) if isinstance(X, torch.Tensor)
                 else type(X).__name__)
        raise ValueError(f"{who} expects a (B, C, H, W) tensor, got {shape}")


def _out_size(size: int, k: int, stride: int, padding: int, who: str) -> int:
    out = (size + 2 * padding - k) // stride + 1
    if out < 1:
        raise ValueError(
            f"{who}: a window of {k} does not fit an input of {size} "
            f"with padding {padding}"
        )
    return out


def conv2d(
    X: torch.Tensor,
    weight: torch.Tensor,
    bias: torch.Tensor | None = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: int | tuple[int, int] = 0,
) -> torch.Tensor:
    """2-D cross-correlation, the operation deep learning calls convolution.

    ``X`` is ``(B, C_in, H, W)``, ``weight`` is ``(C_out, C_in, kh, kw)``
    (the layout of ``nn.Conv2d.weight``).  Output ``(B, C_out, H', W')`` with
    ``H' = (H + 2 * padding - kh) // stride + 1``.
    """
    _check_image(X, "conv2d")
    if weight.dim() != 4 or weight.shape[1] != X.shape[1]:
        raise ValueError(
            f"conv2d expects weight (C_out, {X.shape[1]}, kh, kw) for an input "
            f"with {X.shape[1]} channels, got {tuple(weight.shape)}"
        )
    (sh, sw), (ph, pw) = _pair(stride, "stride"), _pair(padding, "padding")
    kh, kw = weight.shape[2:]
    B, _, H, W = X.shape
    H_out = _out_size(H, kh, sh, ph, "conv2d")
    W_out = _out_size(W, kw, sw, pw, "conv2d")
    X = F.pad(X, (pw, pw, ph, ph))  # zeros around the border
    Y = X.new_zeros(B, weight.shape[0], H_out, W_out)
    for i in range(H_out):
        for j in range(W_out):
            window = X[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            # (B, C_in, kh, kw) x (C_out, C_in, kh, kw) -> (B, C_out)
            Y[:, :, i, j] = torch.einsum("bchw,ochw->bo", window, weight)
    if bias is not None:
        Y = Y + bias[None, :, None, None]  # (C_out,) -> (1, C_out, 1, 1)
    return Y


def _pool(X, kernel_size, stride, reduce, who):
    _check_image(X, who)
    kh, kw = _pair(kernel_size, "kernel_size")
    sh, sw = _pair(stride if stride is not None else (kh, kw), "stride")
    B, C, H, W = X.shape
    H_out = _out_size(H, kh, sh, 0, who)
    W_out = _out_size(W, kw, sw, 0, who)
    Y = X.new_zeros(B, C, H_out, W_out)
    for i in range(H_out):
        for j in range(W_out):
            window = X[:, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
            Y[:, :, i, j] = reduce(window.flatten(2))  # (B, C, kh*kw) -> (B, C)
    return Y


def max_pool2d(
    X: torch.Tensor,
    kernel_size: int | tuple[int, int],
    *,
    stride: int | tuple[int, int] | None = None,
) -> torch.Tensor:
    """The largest value of every window; ``stride`` defaults to the window."""
    return _pool(X, kernel_size, stride, lambda w: w.amax(dim=-1), "max_pool2d")


def avg_pool2d(
    X: torch.Tensor,
    kernel_size: int | tuple[int, int],
    *,
    stride: int | tuple[int, int] | None = None,
) -> torch.Tensor:
    """The mean value of every window; ``stride`` defaults to the window."""
    return _pool(X, kernel_size, stride, lambda w: w.mean(dim=-1), "avg_pool2d")


class Conv2d(nn.Module):
    """A convolutional layer with ``nn.Conv2d``'s parameters and init.

    ``weight`` is ``(C_out, C_in, kh, kw)`` and ``bias`` is ``(C_out,)``, so a
    ``state_dict`` moves between this layer and ``nn.Conv2d`` unchanged.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int | tuple[int, int],
        *,
        stride: int | tuple[int, int] = 1,
        padding: int | tuple[int, int] = 0,
    ) -> None:
        super().__init__()
        kh, kw = _pair(kernel_size, "kernel_size")
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(
            torch.empty(out_channels, in_channels, kh, kw))
        self.bias = nn.Parameter(torch.empty(out_channels))
        bound = 1 / math.sqrt(in_channels * kh * kw)  # nn.Conv2d's default
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return conv2d(X, self.weight, self.bias,
                      stride=self.stride, padding=self.padding)


class LeNet(nn.Module):
    """A LeNet-style network sized for the 8×8 digits.

    conv 3×3 (1→16) → ReLU → max-pool 2 → conv 3×3 (16→32) → ReLU →
    max-pool 2 → flatten (32·2·2 = 128) → linear 128→64 → ReLU → 64→10.
    LeCun et al.'s (1998) pattern (conv, pool, conv, pool, dense) at a size
    the CPU trains in seconds.
    """

    def __init__(self, *, num_classes: int = 10, from_scratch: bool = False):
        super().__init__()
        conv = Conv2d if from_scratch else nn.Conv2d
        self.conv1 = conv(1, 16, 3, padding=1)
        self.conv2 = conv(16, 32, 3, padding=1)
        self.head = nn.Sequential(
            nn.Linear(32 * 2 * 2, 64), nn.ReLU(), nn.Linear(64, num_classes)
        )

    def feature_maps(self, X: torch.Tensor) -> list[torch.Tensor]:
        """What each conv block sees, after ReLU and before pooling.

        Returns ``[A1, A2]`` with shapes ``(B, 16, 8, 8)`` and
        ``(B, 32, 4, 4)``: the maps the CNN page plots.
        """
        _check_image(X, "LeNet")
        if X.shape[1:] != (1, 8, 8):
            raise ValueError(
                f"LeNet expects (B, 1, 8, 8) digits, got {tuple(X.shape)}"
            )
        A1 = torch.relu(self.conv1(X))  # (B, 16, 8, 8)
        A2 = torch.relu(self.conv2(F.max_pool2d(A1, 2)))  # (B, 32, 4, 4)
        return [A1, A2]

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        A2 = self.feature_maps(X)[-1]
        Z = F.max_pool2d(A2, 2).flatten(1)  # (B, 32, 2, 2) -> (B, 128)
        return self.head(Z)  # (B, 10)
