"""A decoder-only Transformer (GPT), small enough to train on a CPU.

GPT keeps only the Transformer's decoder, without cross-attention: a stack
of causal self-attention blocks that predicts the next token from the ones
before it (Radford et al. 2018, 2019).  Trained on characters, it learns to
write text that looks like its corpus; sampling one character at a time
from its softmax is how every GPT writes.  Pre-norm blocks as in GPT-2.

Taught on the page "Three families / 三大家族"
(``docs/*/transformer/families.md``); ``tests/test_gpt.py`` checks that the
model is causal and that its blocks equal ``nn.TransformerEncoderLayer``
with ``norm_first=True`` and a causal mask.

Shapes: B batch, T time, C = num_hiddens, V vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbook.transformer import EncoderBlock


@dataclass
class GPTConfig:
    """A GPT's knobs; the defaults train on the book's corpus in seconds."""

    vocab_size: int
    block_size: int = 64  # the longest context the model can see
    num_hiddens: int = 64
    num_heads: int = 4
    num_layers: int = 2
    dropout: float = 0.0


class GPT(nn.Module):
    """Token + learned position embeddings, causal pre-norm blocks, a head."""

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = c = config
        if c.vocab_size < 2 or c.block_size < 1:
            raise ValueError(
                f"GPTConfig needs vocab_size >= 2 and block_size >= 1, "
                f"got {c.vocab_size} and {c.block_size}")
        self.tok = nn.Embedding(c.vocab_size, c.num_hiddens)
        self.pos = nn.Embedding(c.block_size, c.num_hiddens)
        self.blocks = nn.ModuleList(
            EncoderBlock(c.num_hiddens, c.num_heads, 4 * c.num_hiddens,
                         dropout=c.dropout, activation="gelu", norm_first=True)
            for _ in range(c.num_layers))
        self.norm = nn.LayerNorm(c.num_hiddens)
        self.head = nn.Linear(c.num_hiddens, c.vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """ids (B, T) -> next-token logits (B, T, V); position t sees 0..t."""
        if ids.dim() != 2 or ids.dtype != torch.long:
            raise ValueError(
                f"GPT expects ids of shape (B, T) int64, got "
                f"{tuple(ids.shape)} {ids.dtype}")
        T = ids.shape[1]
        if T > self.config.block_size:
            raise ValueError(
                f"GPT sees at most block_size={self.config.block_size} "
                f"tokens, got {T}")
        pos = torch.arange(T, device=ids.device)  # (T,)
        X = self.tok(ids) + self.pos(pos)  # (B, T, C)
        for block in self.blocks:
            X = block(X, causal=True)
        return self.head(self.norm(X))  # (B, T, V)

    @torch.no_grad()
    def generate(self, ids: torch.Tensor, max_new_tokens: int, *,
                 temperature: float = 1.0, top_k: int | None = None,
                 generator: torch.Generator | None = None) -> torch.Tensor:
        """Append ``max_new_tokens`` sampled tokens to ids (B, T).

        ``temperature`` < 1 sharpens the distribution, > 1 flattens it;
        ``top_k`` keeps only the k likeliest tokens.  Pass a seeded
        ``generator`` for the same text every run.
        """
        if temperature <= 0:
            raise ValueError(f"temperature must be > 0, got {temperature}")
        self.eval()
        for _ in range(max_new_tokens):
            context = ids[:, -self.config.block_size:]  # (B, <=T)
            logits = self(context)[:, -1] / temperature  # (B, V)
            if top_k is not None:
                kth = logits.topk(top_k, dim=-1).values[:, -1:]  # (B, 1)
                logits = logits.masked_fill(logits < kth, float("-inf"))
            probs = torch.softmax(logits, dim=-1)  # (B, V)
            nxt = torch.multinomial(probs, 1, generator=generator)  # (B, 1)
            ids = torch.cat([ids, nxt], dim=1)
        return ids
