import os

import pytest
import torch

from dlbook.tokenizer import WordPiece, basic_tokenize, minilm_dir

pytestmark = pytest.mark.lesson

SENTENCES = [
    "The cat sat on the mat because it was tired.",
    "A man is playing a guitar!",
    "Héllo, wörld... naïve café $5^2 (e-mail: a@b.c)",
    "unaffable antidisestablishmentarianism",
    "我爱北京天安门。",
    "今天天气很好，我们去公园散步吧",
    "深度学习 Transformer 2017年提出",
    "Tabs\tand\nnew lines\u0000 and emoji 🙂",
]


@pytest.fixture(scope="module")
def ours():
    return WordPiece.from_file()


@pytest.fixture(scope="module")
def reference():
    os.environ["HF_HUB_OFFLINE"] = "1"
    transformers = pytest.importorskip("transformers")
    return transformers.AutoTokenizer.from_pretrained(str(minilm_dir()))


@pytest.mark.parametrize("text", SENTENCES)
def test_ids_identical_to_transformers(ours, reference, text):
    assert ours.encode(text) == reference(text)["input_ids"]


def test_batch_pads_like_transformers(ours, reference):
    ids, mask = ours.batch(SENTENCES[:3])
    ref = reference(SENTENCES[:3], padding=True, return_tensors="pt")
    assert torch.equal(ids, ref["input_ids"])
    assert torch.equal(mask, ref["attention_mask"])


def test_basic_tokenize_splits_cjk_punct_and_strips_accents():
    assert basic_tokenize("Héllo, 世界!") == ["hello", ",", "世", "界", "!"]
    assert basic_tokenize("ABC", lower=False) == ["ABC"]


def test_wordpiece_greedy_longest_match(ours):
    assert ours.tokenize("playing unaffable") == ["playing", "una", "##ffa", "##ble"]
    assert ours.decode(ours.encode("it")) == ["[CLS]", "it", "[SEP]"]
    assert ours.wordpiece("x" * 101) == ["[UNK]"]


def test_small_vocab_unknown():
    wp = WordPiece(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##able"])
    assert wp.tokenize("unable unk") == ["un", "##able", "[UNK]"]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: WordPiece(["a", "b"]), ValueError, r"vocab must contain \[UNK\]"),
        (lambda: WordPiece.from_file("/nonexistent/vocab.txt"), FileNotFoundError,
         "expected a vocab.txt file"),
        (lambda: basic_tokenize(3), TypeError, "text must be a str, got int"),
        (lambda: WordPiece.from_file().batch("one string"), ValueError,
         "non-empty list of strings"),
    ],
)
def test_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
