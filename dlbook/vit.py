"""The Vision Transformer (ViT): an image read as a sequence of patches.

Cut the image into ``p×p`` patches, flatten each patch into a vector, map it
linearly to ``num_hiddens`` features, and the image has become a sequence of
tokens.  Add a learned position embedding and a learned ``[CLS]`` token,
run the same pre-norm encoder blocks as GPT and BERT (without a causal
mask), and classify from the ``[CLS]`` token's output (Dosovitskiy et al.
2021, "An Image is Worth 16x16 Words", eq. 1-4).

Nothing in the blocks knows the tokens came from a grid: only the position
embedding carries where a patch was.  Without it the model cannot tell a
digit from its patches shuffled (``tests/test_vit.py`` checks that), which
is the price of having no convolution's built-in locality.

Taught on the page "The Transformer beyond text / 超越文本的 Transformer"
(``docs/*/transformer/vit.md``).

Shapes: B batch, C channels, N patches (tokens), P = C·p·p patch length,
and ``num_hiddens`` (written E below) the token width.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbook.transformer import EncoderBlock


def patchify(X: torch.Tensor, patch_size: int) -> torch.Tensor:
    """Images (B, C, H, W) -> patches (B, N, C·p·p), row by row.

    Patch ``n`` is the ``p×p`` square at row ``n // (W/p)``, column
    ``n % (W/p)``; inside it the values run channel, row, column, the order
    of ``nn.Conv2d``'s weight, so a linear map of the patches is a
    convolution with ``kernel_size = stride = p``.
    """
    if X.dim() != 4:
        raise ValueError(f"patchify expects images (B, C, H, W), got {tuple(X.shape)}")
    B, C, H, W = X.shape
    p = patch_size
    if not isinstance(p, int) or p < 1 or H % p or W % p:
        raise ValueError(
            f"patch_size must be a positive int dividing H={H} and W={W}, got {p!r}")
    X = X.reshape(B, C, H // p, p, W // p, p)  # (B, C, H/p, p, W/p, p)
    X = X.permute(0, 2, 4, 1, 3, 5)  # (B, H/p, W/p, C, p, p)
    return X.reshape(B, (H // p) * (W // p), C * p * p)  # (B, N, P)


@dataclass
class ViTConfig:
    """A ViT's knobs; the defaults fit the 8×8 digits (16 patches of 2×2)."""

    image_size: int = 8
    patch_size: int = 2
    channels: int = 1
    num_classes: int = 10
    num_hiddens: int = 64
    num_heads: int = 4
    num_layers: int = 2
    dropout: float = 0.0
    positions: bool = True  # False: no position embedding (an experiment)


class ViT(nn.Module):
    """Patch embedding + ``[CLS]`` + positions, pre-norm encoder blocks, head."""

    def __init__(self, config: ViTConfig | None = None) -> None:
        super().__init__()
        self.config = c = config or ViTConfig()
        if c.image_size % c.patch_size:
            raise ValueError(
                f"patch_size {c.patch_size} must divide image_size {c.image_size}")
        num_patches = (c.image_size // c.patch_size) ** 2
        self.embed = nn.Linear(c.channels * c.patch_size ** 2, c.num_hiddens)
        self.cls = nn.Parameter(torch.zeros(1, 1, c.num_hiddens))
        self.pos = nn.Parameter(0.02 * torch.randn(1, num_patches + 1, c.num_hiddens))
        self.blocks = nn.ModuleList(
            EncoderBlock(c.num_hiddens, c.num_heads, 4 * c.num_hiddens,
                         dropout=c.dropout, activation="gelu", norm_first=True)
            for _ in range(c.num_layers))
        self.norm = nn.LayerNorm(c.num_hiddens)
        self.head = nn.Linear(c.num_hiddens, c.num_classes)

    def tokens(self, X: torch.Tensor) -> torch.Tensor:
        """Images (B, C, H, W) -> the blocks' input (B, 1 + N, E)."""
        c = self.config
        want = (c.channels, c.image_size, c.image_size)
        if X.dim() != 4 or tuple(X.shape[1:]) != want:
            raise ValueError(f"ViT expects images (B, {', '.join(map(str, want))}), "
                             f"got {tuple(X.shape)}")
        T = self.embed(patchify(X, c.patch_size))  # (B, N, E)
        cls = self.cls.expand(len(X), -1, -1)  # (B, 1, E)
        T = torch.cat([cls, T], dim=1)  # (B, 1 + N, E)
        return T + self.pos if c.positions else T

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Images (B, C, H, W) -> class logits (B, num_classes)."""
        T = self.tokens(X)
        for block in self.blocks:
            T = block(T)  # (B, 1 + N, E), every patch sees every patch
        return self.head(self.norm(T[:, 0]))  # the [CLS] token -> (B, classes)
