"""Characters as numbers: the book's small text corpus and its vocabulary.

A character-level language model (Karpathy, "The Unreasonable Effectiveness
of Recurrent Neural Networks", 2015) reads text one character at a time.
Before any network can see the text, every character needs an integer id
and every id a character again: that is all ``CharVocab`` does.

* ``load_corpus`` — the committed corpus, ``dlbook/assets/tinyshakespeare.txt``
  (the opening of Shakespeare's *Coriolanus* as it appears in the first
  63,889 characters of karpathy/char-rnn's tinyshakespeare; public domain,
  see ``dlbook/assets/README.md``).  Read offline from the package.
* ``CharVocab`` — the sorted set of characters, ``encode`` / ``decode``.
* ``random_windows`` — a batch of (input, next-character target) windows.

Taught on the page "A character-level LSTM / 字符级 LSTM"
(``docs/*/rnn/char-lstm.md``) and used by the GPT page.
"""

from __future__ import annotations

from importlib import resources
from typing import Iterable

import torch

CORPUS = "tinyshakespeare.txt"


def load_corpus() -> str:
    """The whole committed corpus as one string (63,889 characters).

    Ships inside the package (``dlbook/assets/``), so it needs no download.
    """
    return (resources.files("dlbook") / "assets" / CORPUS).read_text(
        encoding="utf-8"
    )


class CharVocab:
    """A character vocabulary: one id per distinct character of ``text``.

    Ids follow sorted character order, so the same text always gives the
    same ids on every machine.  ``len(vocab)`` is ``V``, the vocabulary size.

    >>> vocab = CharVocab("hello")
    >>> vocab.encode("hole").tolist()
    [1, 3, 2, 0]
    >>> vocab.decode([1, 0, 2, 2, 3])
    'hello'
    """

    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(
                f"CharVocab expects a str, got {type(text).__name__}")
        if not text:
            raise ValueError("CharVocab expects a non-empty text, got ''")
        self.chars: list[str] = sorted(set(text))
        self.stoi: dict[str, int] = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def __repr__(self) -> str:
        return f"CharVocab(V={len(self)})"

    def encode(self, text: str) -> torch.Tensor:
        """``text`` as a ``(T,)`` tensor of ``torch.long`` ids."""
        if not isinstance(text, str):
            raise TypeError(f"encode expects a str, got {type(text).__name__}")
        unknown = sorted(set(text) - self.stoi.keys())
        if unknown:
            raise ValueError(
                f"encode expects characters from the vocabulary, "
                f"got unknown {unknown[:5]!r}"
            )
        return torch.tensor([self.stoi[c] for c in text], dtype=torch.long)

    def decode(self, ids: torch.Tensor | Iterable[int]) -> str:
        """Ids (a 1-D tensor or any iterable of ints) back to a string."""
        if isinstance(ids, torch.Tensor):
            if ids.dim() != 1:
                raise ValueError(
                    f"decode expects a 1-D tensor of ids, got shape "
                    f"{tuple(ids.shape)}"
                )
            ids = ids.tolist()
        out = []
        for i in ids:
            if not 0 <= int(i) < len(self):
                raise ValueError(
                    f"decode expects ids in [0, {len(self)}), got {int(i)}"
                )
            out.append(self.chars[int(i)])
        return "".join(out)


def random_windows(
    ids: torch.Tensor,
    *,
    seq_len: int,
    batch_size: int,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """``batch_size`` random windows of ``seq_len`` ids and their targets.

    The target of each position is the next character, so ``y`` is ``X``
    shifted left by one.  Returns ``X, y``, both ``(B, T)`` long tensors.
    Pass a seeded ``generator`` for reproducible batches.
    """
    if not isinstance(ids, torch.Tensor) or ids.dim() != 1:
        raise ValueError("random_windows expects a 1-D tensor of ids")
    if seq_len < 1 or batch_size < 1:
        raise ValueError(
            f"seq_len and batch_size must be >= 1, got {seq_len} and "
            f"{batch_size}"
        )
    if len(ids) < seq_len + 1:
        raise ValueError(
            f"random_windows needs at least seq_len + 1 = {seq_len + 1} "
            f"ids, got {len(ids)}"
        )
    starts = torch.randint(
        len(ids) - seq_len, (batch_size,), generator=generator
    )  # (B,)
    offsets = torch.arange(seq_len)  # (T,)
    index = starts[:, None] + offsets[None, :]  # (B, T)
    return ids[index], ids[index + 1]
