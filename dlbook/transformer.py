"""The Transformer's parts: positional encoding, encoder and decoder blocks.

Attention alone ignores order, so a *positional encoding* is added to the
token embeddings.  An *encoder block* is self-attention then a position-wise
feed-forward network, each wrapped in a residual connection and layer norm;
a *decoder block* adds a causal mask to its self-attention and a
*cross-attention* that reads the encoder's output (Vaswani et al. 2017,
"Attention Is All You Need", sections 3.1-3.5).  ``Seq2SeqTransformer``
stacks them into the original encoder-decoder model.

Taught on the pages "Transformer blocks / Transformer 的组件" and "Three
families / 三大家族" (``docs/*/transformer/``).  ``tests/test_transformer.py``
checks the blocks against ``nn.TransformerEncoderLayer`` and
``nn.TransformerDecoderLayer`` with copied weights.

Shapes: B batch, T time (S source length), C = num_hiddens, V vocabulary.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn import functional as F

from dlbook.attention import MultiHeadAttention


class PositionalEncoding(nn.Module):
    """Add sin/cos waves of geometrically spaced wavelengths to (B, T, C).

    ``P[t, 2i] = sin(t / 10000^(2i/C))`` and ``P[t, 2i+1] = cos(...)``: each
    position gets a unique pattern, and a fixed offset is a linear map of it,
    so attention can learn relative positions (Vaswani et al. 2017, 3.5).
    """

    def __init__(self, num_hiddens: int, *, max_len: int = 512,
                 dropout: float = 0.0) -> None:
        super().__init__()
        if num_hiddens % 2:
            raise ValueError(f"num_hiddens must be even, got {num_hiddens}")
        t = torch.arange(max_len, dtype=torch.float32)[:, None]  # (T, 1)
        freq = torch.pow(10000.0, -torch.arange(0, num_hiddens, 2) / num_hiddens)
        P = torch.zeros(max_len, num_hiddens)  # (T, C)
        P[:, 0::2] = torch.sin(t * freq)  # (T, C/2)
        P[:, 1::2] = torch.cos(t * freq)
        self.register_buffer("P", P, persistent=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.dim() != 3 or X.shape[-1] != self.P.shape[1]:
            raise ValueError(
                f"PositionalEncoding expects (B, T, {self.P.shape[1]}), "
                f"got {tuple(X.shape)}"
            )
        if X.shape[1] > len(self.P):
            raise ValueError(
                f"sequence length {X.shape[1]} exceeds max_len {len(self.P)}"
            )
        return self.dropout(X + self.P[: X.shape[1]])  # (B, T, C)


class FeedForward(nn.Sequential):
    """Position-wise two-layer MLP, C -> ffn_hiddens -> C, same at every t."""

    def __init__(self, num_hiddens: int, ffn_hiddens: int, *,
                 activation: str = "relu", dropout: float = 0.0) -> None:
        if activation not in ("relu", "gelu"):
            raise ValueError(f"activation must be 'relu' or 'gelu', got {activation!r}")
        super().__init__(
            nn.Linear(num_hiddens, ffn_hiddens),
            nn.ReLU() if activation == "relu" else nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(ffn_hiddens, num_hiddens),
        )


class EncoderBlock(nn.Module):
    """Self-attention + feed-forward, each with residual and layer norm.

    ``norm_first=False`` is the original post-norm ``LN(x + f(x))`` used by
    the 2017 Transformer and BERT; ``True`` is the pre-norm ``x + f(LN(x))``
    of GPT-2, easier to train deep.  Matches ``nn.TransformerEncoderLayer``.
    """

    def __init__(self, num_hiddens: int, num_heads: int, ffn_hiddens: int, *,
                 dropout: float = 0.0, activation: str = "relu",
                 norm_first: bool = False, eps: float = 1e-5) -> None:
        super().__init__()
        self.norm_first = norm_first
        self.attn = MultiHeadAttention(num_hiddens, num_heads, dropout=dropout)
        self.ffn = FeedForward(num_hiddens, ffn_hiddens,
                               activation=activation, dropout=dropout)
        self.norm1 = nn.LayerNorm(num_hiddens, eps=eps)
        self.norm2 = nn.LayerNorm(num_hiddens, eps=eps)
        self.drop = nn.Dropout(dropout)
        self.attention_weights: torch.Tensor | None = None  # (B, H, T, T)

    def _sa(self, X, key_padding_mask, causal):
        out, self.attention_weights = self.attn(
            X, key_padding_mask=key_padding_mask, causal=causal)
        return self.drop(out)

    def forward(self, X: torch.Tensor, *,
                key_padding_mask: torch.Tensor | None = None,
                causal: bool = False) -> torch.Tensor:
        """X: (B, T, C) -> (B, T, C); ``key_padding_mask`` (B, T), True = token."""
        if self.norm_first:
            X = X + self._sa(self.norm1(X), key_padding_mask, causal)
            return X + self.drop(self.ffn(self.norm2(X)))
        X = self.norm1(X + self._sa(X, key_padding_mask, causal))
        return self.norm2(X + self.drop(self.ffn(X)))

    @torch.no_grad()
    def load_from_torch(self, layer: nn.TransformerEncoderLayer) -> EncoderBlock:
        """Copy a ``batch_first`` ``nn.TransformerEncoderLayer``'s weights."""
        self.attn.load_from_torch(layer.self_attn)
        _copy_ffn_norms(self, layer, ("norm1", "norm2"))
        return self


class DecoderBlock(nn.Module):
    """Causal self-attention, cross-attention to the encoder, feed-forward.

    The causal mask keeps position t from reading targets after t; the
    cross-attention is where the decoder looks at the source sentence
    (Vaswani et al. 2017, 3.2.3).  Post-norm, like ``nn.TransformerDecoderLayer``.
    """

    def __init__(self, num_hiddens: int, num_heads: int, ffn_hiddens: int, *,
                 dropout: float = 0.0) -> None:
        super().__init__()
        self.self_attn = MultiHeadAttention(num_hiddens, num_heads, dropout=dropout)
        self.cross_attn = MultiHeadAttention(num_hiddens, num_heads, dropout=dropout)
        self.ffn = FeedForward(num_hiddens, ffn_hiddens, dropout=dropout)
        self.norm1 = nn.LayerNorm(num_hiddens)
        self.norm2 = nn.LayerNorm(num_hiddens)
        self.norm3 = nn.LayerNorm(num_hiddens)
        self.drop = nn.Dropout(dropout)
        self.cross_weights: torch.Tensor | None = None  # (B, H, T, S)

    def forward(self, Y: torch.Tensor, memory: torch.Tensor, *,
                memory_padding_mask: torch.Tensor | None = None) -> torch.Tensor:
        """Y: (B, T, C) targets so far, memory: (B, S, C) encoder output."""
        a, _ = self.self_attn(Y, causal=True)  # (B, T, C)
        Y = self.norm1(Y + self.drop(a))
        a, self.cross_weights = self.cross_attn(
            Y, memory, memory, key_padding_mask=memory_padding_mask)  # (B, T, C)
        Y = self.norm2(Y + self.drop(a))
        return self.norm3(Y + self.drop(self.ffn(Y)))

    @torch.no_grad()
    def load_from_torch(self, layer: nn.TransformerDecoderLayer) -> DecoderBlock:
        """Copy a ``batch_first`` ``nn.TransformerDecoderLayer``'s weights."""
        self.self_attn.load_from_torch(layer.self_attn)
        self.cross_attn.load_from_torch(layer.multihead_attn)
        _copy_ffn_norms(self, layer, ("norm1", "norm2", "norm3"))
        return self


def _copy_ffn_norms(ours: nn.Module, theirs: nn.Module, norms: tuple) -> None:
    ours.ffn[0].load_state_dict(theirs.linear1.state_dict())
    ours.ffn[3].load_state_dict(theirs.linear2.state_dict())
    for name in norms:
        getattr(ours, name).load_state_dict(getattr(theirs, name).state_dict())


class Seq2SeqTransformer(nn.Module):
    """The original encoder-decoder Transformer, for translation.

    The encoder reads the whole source at once; the decoder writes the
    target one token at a time, reading the encoder through cross-attention
    (Vaswani et al. 2017, figure 1).  Token id ``pad_id`` is padding.
    """

    def __init__(self, src_vocab: int, tgt_vocab: int, *, num_hiddens: int = 64,
                 num_heads: int = 4, ffn_hiddens: int = 128, num_layers: int = 2,
                 dropout: float = 0.0, max_len: int = 64, pad_id: int = 0) -> None:
        super().__init__()
        self.num_hiddens, self.pad_id = num_hiddens, pad_id
        self.src_embed = nn.Embedding(src_vocab, num_hiddens)
        self.tgt_embed = nn.Embedding(tgt_vocab, num_hiddens)
        self.pos = PositionalEncoding(num_hiddens, max_len=max_len, dropout=dropout)
        self.encoder = nn.ModuleList(
            EncoderBlock(num_hiddens, num_heads, ffn_hiddens, dropout=dropout)
            for _ in range(num_layers))
        self.decoder = nn.ModuleList(
            DecoderBlock(num_hiddens, num_heads, ffn_hiddens, dropout=dropout)
            for _ in range(num_layers))
        self.out = nn.Linear(num_hiddens, tgt_vocab)

    def _embed(self, embed: nn.Embedding, ids: torch.Tensor) -> torch.Tensor:
        return self.pos(embed(ids) * math.sqrt(self.num_hiddens))  # (B, T, C)

    def encode(self, src: torch.Tensor) -> torch.Tensor:
        """src: (B, S) token ids -> memory (B, S, C)."""
        if src.dim() != 2 or src.dtype != torch.long:
            raise ValueError(
                f"src must be (B, S) int64 ids, got {tuple(src.shape)} {src.dtype}")
        X, keep = self._embed(self.src_embed, src), src != self.pad_id
        for block in self.encoder:
            X = block(X, key_padding_mask=keep)
        return X

    def decode(self, tgt: torch.Tensor, memory: torch.Tensor,
               src: torch.Tensor) -> torch.Tensor:
        """tgt: (B, T) ids so far -> logits (B, T, V) for the next tokens."""
        Y = self._embed(self.tgt_embed, tgt)
        for block in self.decoder:
            Y = block(Y, memory, memory_padding_mask=src != self.pad_id)
        return self.out(Y)  # (B, T, V)

    def forward(self, src: torch.Tensor, tgt: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: logits (B, T, V) given source and shifted target."""
        return self.decode(tgt, self.encode(src), src)

    @torch.no_grad()
    def greedy(self, src: torch.Tensor, *, bos_id: int, max_len: int) -> torch.Tensor:
        """Write (B, max_len) target ids by taking the likeliest token each step."""
        memory = self.encode(src)
        tgt = torch.full((len(src), 1), bos_id, dtype=torch.long, device=src.device)
        for _ in range(max_len):
            logits = self.decode(tgt, memory, src)  # (B, t, V)
            tgt = torch.cat([tgt, logits[:, -1].argmax(-1, keepdim=True)], dim=1)
        return tgt[:, 1:]


def loss_ignoring_pad(logits: torch.Tensor, y: torch.Tensor,
                      pad_id: int = 0) -> torch.Tensor:
    """Cross-entropy over (B, T, V) logits and (B, T) targets, skipping padding."""
    if logits.shape[:2] != y.shape:
        raise ValueError(
            f"logits (B, T, V) and targets (B, T) disagree: "
            f"{tuple(logits.shape)} vs {tuple(y.shape)}")
    return F.cross_entropy(logits.flatten(0, 1), y.flatten(), ignore_index=pad_id)


# --- a generated translation task: 305 -> 三百零五 --------------------------

_DIGITS = "零一二三四五六七八九"


def number_words(n: int) -> str:
    """Chinese number words for 0 <= n <= 9999, e.g. 305 -> '三百零五'.

    Small enough to check by eye, yet not a character-by-character copy:
    the model must insert 千/百/十, drop trailing zeros, keep one 零 for a gap
    and write 10-19 as 十, 十一 ... and a leading 2 as 两 (两千, 两百), as
    people say them (the data for "Three families / 三大家族").
    """
    if not isinstance(n, int) or not 0 <= n <= 9999:
        raise ValueError(f"number_words expects an int in [0, 9999], got {n!r}")
    if n == 0:
        return "零"
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            gap = bool(out)
            continue
        if gap:
            out += "零"
        gap = False
        if unit == "十" and d == 1 and not out:
            digit = ""  # 十五, not 一十五
        elif unit in ("千", "百") and d == 2 and not out:
            digit = "两"  # a leading 2 before 千/百 is read 两: 两千, 两百
        else:
            digit = _DIGITS[d]
        out += digit + unit
    return out


DIGIT_VOCAB = "_0123456789"  # "_" is padding, id 0
WORD_VOCAB = "_><零一二三四五六七八九十百千两"  # ">" begins, "<" ends a target


def _pad(rows: list[list[int]]) -> torch.Tensor:
    X = torch.zeros(len(rows), max(map(len, rows)), dtype=torch.long)  # (B, T)
    for i, r in enumerate(rows):
        X[i, : len(r)] = torch.tensor(r)
    return X


def number_pairs(numbers: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    """Source digit ids (B, S) and target word ids (B, T) with > ... < marks."""
    if not numbers:
        raise ValueError("number_pairs expects a non-empty list of ints")
    src = [[DIGIT_VOCAB.index(d) for d in str(n)] for n in numbers]
    tgt = [[WORD_VOCAB.index(w) for w in ">" + number_words(n) + "<"]
           for n in numbers]
    return _pad(src), _pad(tgt)


def words_from_ids(ids: list[int]) -> str:
    """Target ids back to words, stopping at the end mark '<'."""
    return "".join(WORD_VOCAB[i] for i in ids).split("<")[0].strip("_>")
