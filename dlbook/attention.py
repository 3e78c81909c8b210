"""Scaled dot-product attention and multi-head attention, written out.

Attention lets every position of a sequence read from every other position,
weighted by how well its *query* matches their *keys*:
``softmax(Q K^T / sqrt(D)) V`` (Vaswani et al. 2017, "Attention Is All You
Need", section 3.2).  Multi-head attention runs ``H`` such reads side by side
on ``num_hiddens / H``-wide slices, each with its own projections.

Taught on the page "Attention / 注意力机制" (``docs/*/transformer/
attention.md``).  ``tests/test_attention.py`` checks both against
``torch.nn.functional.scaled_dot_product_attention`` and
``torch.nn.MultiheadAttention`` with copied weights.

Shapes: B batch, T time (Tq queries, Tk keys), C = num_hiddens, H heads,
D head size (C = H * D).  Masks are boolean and ``True`` means "may attend",
the convention of ``F.scaled_dot_product_attention``.
"""

from __future__ import annotations

import math

import torch
from torch import nn


def causal_mask(num_queries: int, num_keys: int | None = None) -> torch.Tensor:
    """(Tq, Tk) boolean mask: query i may attend to keys 0..i only.

    A decoder must not read the future it is asked to predict; this lower
    triangle is the mask GPT and the Transformer decoder use.
    """
    num_keys = num_queries if num_keys is None else num_keys
    if num_queries < 1 or num_keys < 1:
        raise ValueError(
            f"causal_mask expects positive sizes, got ({num_queries}, {num_keys})"
        )
    return torch.ones(num_queries, num_keys, dtype=torch.bool).tril()


def padding_mask(lengths: torch.Tensor, max_len: int) -> torch.Tensor:
    """(B, max_len) boolean mask, ``True`` at real tokens, ``False`` at padding."""
    if lengths.dim() != 1:
        raise ValueError(f"lengths must be 1-D (B,), got {tuple(lengths.shape)}")
    return torch.arange(max_len, device=lengths.device) < lengths[:, None]


def scaled_dot_product_attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    *,
    mask: torch.Tensor | None = None,
    causal: bool = False,
    dropout: float = 0.0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``softmax(q k^T / sqrt(D)) v`` and the attention weights.

    q: (..., Tq, D), k: (..., Tk, D), v: (..., Tk, Dv).  ``mask`` is boolean,
    broadcastable to (..., Tq, Tk), ``True`` where a query may look at a key.
    Dividing by sqrt(D) keeps the scores' variance near 1 so the softmax does
    not saturate (Vaswani et al. 2017, 3.2.1).  Returns (out (..., Tq, Dv),
    weights (..., Tq, Tk)); every row of ``weights`` sums to 1.
    """
    for name, t in (("q", q), ("k", k), ("v", v)):
        if not isinstance(t, torch.Tensor) or not t.is_floating_point():
            raise TypeError(f"{name} must be a floating-point tensor, got {t!r:.40}")
        if t.dim() < 2:
            raise ValueError(f"{name} must be (..., T, D), got {tuple(t.shape)}")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(
            f"q and k need the same head size D, got {q.shape[-1]} and {k.shape[-1]}"
        )
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"k and v need the same length Tk, got {k.shape[-2]} and {v.shape[-2]}"
        )
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., Tq, Tk)
    keep = None
    if causal:
        keep = causal_mask(q.shape[-2], k.shape[-2]).to(q.device)  # (Tq, Tk)
    if mask is not None:
        if mask.dtype != torch.bool:
            raise TypeError(f"mask must be boolean (True = attend), got {mask.dtype}")
        keep = mask if keep is None else keep & mask
    if keep is not None:
        scores = scores.masked_fill(~keep, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # (..., Tq, Tk)
    if dropout > 0:
        weights = torch.dropout(weights, dropout, train=True)
    return weights @ v, weights  # (..., Tq, Dv), (..., Tq, Tk)


class MultiHeadAttention(nn.Module):
    """H attention heads in parallel, each on its own D-wide projection.

    One head can only form one weighted average per query; several heads let
    a position collect different things at once, e.g. the previous word and
    the subject (Vaswani et al. 2017, 3.2.2).  Batch-first: (B, T, C).
    Taught on the page "Attention / 注意力机制".
    """

    def __init__(
        self, num_hiddens: int, num_heads: int, *, dropout: float = 0.0,
        bias: bool = True,
    ) -> None:
        super().__init__()
        if num_hiddens % num_heads != 0:
            raise ValueError(
                f"num_hiddens must be divisible by num_heads, "
                f"got {num_hiddens} and {num_heads}"
            )
        self.num_hiddens, self.num_heads = num_hiddens, num_heads
        self.dropout = dropout
        self.W_q = nn.Linear(num_hiddens, num_hiddens, bias=bias)
        self.W_k = nn.Linear(num_hiddens, num_hiddens, bias=bias)
        self.W_v = nn.Linear(num_hiddens, num_hiddens, bias=bias)
        self.W_o = nn.Linear(num_hiddens, num_hiddens, bias=bias)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        x = x.view(B, T, self.num_heads, C // self.num_heads)  # (B, T, H, D)
        return x.transpose(1, 2)  # (B, H, T, D)

    def forward(
        self,
        query: torch.Tensor,
        key: torch.Tensor | None = None,
        value: torch.Tensor | None = None,
        *,
        key_padding_mask: torch.Tensor | None = None,
        causal: bool = False,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Attend from ``query`` (B, Tq, C) to ``key``/``value`` (B, Tk, C).

        Leave ``key`` and ``value`` out for self-attention.  ``key_padding_mask``
        is (B, Tk) boolean, ``True`` at real tokens.  Returns the output
        (B, Tq, C) and every head's weights (B, H, Tq, Tk).
        """
        key = query if key is None else key
        value = key if value is None else value
        for name, t in (("query", query), ("key", key), ("value", value)):
            if t.dim() != 3 or t.shape[-1] != self.num_hiddens:
                raise ValueError(
                    f"MultiHeadAttention expects {name} of shape (B, T, "
                    f"{self.num_hiddens}), got {tuple(t.shape)}"
                )
        mask = None
        if key_padding_mask is not None:
            if key_padding_mask.shape != key.shape[:2]:
                raise ValueError(
                    f"key_padding_mask must be (B, Tk) = {tuple(key.shape[:2])}, "
                    f"got {tuple(key_padding_mask.shape)}"
                )
            mask = key_padding_mask[:, None, None, :]  # (B, 1, 1, Tk)
        q = self._split(self.W_q(query))  # (B, H, Tq, D)
        k = self._split(self.W_k(key))  # (B, H, Tk, D)
        v = self._split(self.W_v(value))  # (B, H, Tk, D)
        out, weights = scaled_dot_product_attention(
            q, k, v, mask=mask, causal=causal,
            dropout=self.dropout if self.training else 0.0,
        )  # (B, H, Tq, D), (B, H, Tq, Tk)
        B, H, Tq, D = out.shape
        out = out.transpose(1, 2).reshape(B, Tq, H * D)  # (B, Tq, C)
        return self.W_o(out), weights

    @torch.no_grad()
    def load_from_torch(self, mha: nn.MultiheadAttention) -> MultiHeadAttention:
        """Copy the weights of a ``batch_first`` ``nn.MultiheadAttention``.

        PyTorch stores W_q, W_k, W_v stacked in one (3C, C) ``in_proj_weight``.
        """
        if mha.embed_dim != self.num_hiddens or mha.num_heads != self.num_heads:
            raise ValueError(
                f"expected nn.MultiheadAttention({self.num_hiddens}, "
                f"{self.num_heads}), got ({mha.embed_dim}, {mha.num_heads})"
            )
        for lin, w in zip((self.W_q, self.W_k, self.W_v),
                          mha.in_proj_weight.chunk(3)):  # 3 x (C, C)
            lin.weight.copy_(w)
        if mha.in_proj_bias is not None:
            for lin, b in zip((self.W_q, self.W_k, self.W_v),
                              mha.in_proj_bias.chunk(3)):
                lin.bias.copy_(b)
        self.W_o.weight.copy_(mha.out_proj.weight)
        if mha.out_proj.bias is not None:
            self.W_o.bias.copy_(mha.out_proj.bias)
        return self
