import pytest
import torch

from dlbook.text import CharVocab, load_corpus, random_windows

pytestmark = pytest.mark.lesson


def test_corpus_is_the_committed_shakespeare_slice():
    text = load_corpus()
    assert len(text) == 63_889
    assert text.startswith("First Citizen:\nBefore we proceed any further")
    assert text.endswith("And pass'd him unelected.\n")
    assert text.isascii()


def test_vocab_of_the_corpus_is_sorted_and_round_trips():
    text = load_corpus()
    vocab = CharVocab(text)
    assert len(vocab) == 59
    assert vocab.chars == sorted(vocab.chars)
    assert vocab.chars[:3] == ["\n", " ", "!"]
    ids = vocab.encode(text)
    assert ids.dtype == torch.long and ids.shape == (63_889,)
    assert vocab.decode(ids) == text


def test_vocab_small_example():
    vocab = CharVocab("hello")
    assert vocab.encode("hole").tolist() == [1, 3, 2, 0]
    assert vocab.decode([1, 0, 2, 2, 3]) == "hello"
    assert vocab.decode(torch.tensor([3])) == "o"
    assert repr(vocab) == "CharVocab(V=4)"


def test_vocab_errors_say_what_was_expected():
    with pytest.raises(ValueError, match="non-empty"):
        CharVocab("")
    with pytest.raises(TypeError, match="expects a str, got list"):
        CharVocab(["a"])
    vocab = CharVocab("abc")
    with pytest.raises(ValueError, match=r"unknown \['z'\]"):
        vocab.encode("abz")
    with pytest.raises(ValueError, match=r"ids in \[0, 3\), got 7"):
        vocab.decode([0, 7])
    with pytest.raises(ValueError, match="1-D tensor"):
        vocab.decode(torch.zeros(2, 2, dtype=torch.long))


def test_random_windows_targets_are_inputs_shifted_by_one():
    ids = torch.arange(100)
    g = torch.Generator().manual_seed(0)
    X, y = random_windows(ids, seq_len=8, batch_size=5, generator=g)
    assert X.shape == y.shape == (5, 8)
    assert torch.equal(y, X + 1)
    assert torch.equal(X[:, 1:] - X[:, :-1], torch.ones(5, 7, dtype=torch.long))
    assert y.max() < 100
    g2 = torch.Generator().manual_seed(0)
    X2, _ = random_windows(ids, seq_len=8, batch_size=5, generator=g2)
    assert torch.equal(X, X2)


def test_random_windows_errors():
    with pytest.raises(ValueError, match="at least seq_len \\+ 1 = 11 ids, got 10"):
        random_windows(torch.arange(10), seq_len=10, batch_size=2)
    with pytest.raises(ValueError, match="1-D"):
        random_windows(torch.zeros(2, 5, dtype=torch.long), seq_len=2, batch_size=1)
    with pytest.raises(ValueError, match=">= 1"):
        random_windows(torch.arange(10), seq_len=0, batch_size=1)
