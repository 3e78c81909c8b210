import os

import pytest
import torch
from torch.nn import functional as F

from dlbook import seed_everything
from dlbook.bert import (
    Bert,
    BertConfig,
    MaskedLM,
    SentenceEncoder,
    mask_tokens,
    mean_pool,
)
from dlbook.tokenizer import minilm_dir

pytestmark = pytest.mark.lesson

SENTENCES = [
    "The cat sat on the mat because it was tired.",
    "A man is playing a guitar.",
    "Someone is playing an instrument.",
    "The weather is lovely today!",
    "我爱北京天安门。",
    "今天天气很好。",
    "深度学习改变了世界",
]


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder()


@pytest.fixture(scope="module")
def reference():
    os.environ["HF_HUB_OFFLINE"] = "1"
    transformers = pytest.importorskip("transformers")
    d = str(minilm_dir())
    return (transformers.AutoTokenizer.from_pretrained(d),
            transformers.AutoModel.from_pretrained(
                d, attn_implementation="eager").eval())


@torch.no_grad()
def _reference_embeddings(reference, sentences):
    tok, model = reference
    batch = tok(sentences, padding=True, return_tensors="pt")
    out = model(**batch, output_attentions=True)
    m = batch["attention_mask"][..., None].float()
    pooled = (out.last_hidden_state * m).sum(1) / m.sum(1)
    return F.normalize(pooled, dim=-1), out


def test_embeddings_match_transformers(encoder, reference):
    ours = encoder.encode(SENTENCES)
    theirs, _ = _reference_embeddings(reference, SENTENCES)
    assert ours.shape == (7, 384)
    cosine = (ours * theirs).sum(-1)
    assert cosine.min().item() >= 0.9999
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=0)
    torch.testing.assert_close(ours.norm(dim=-1), torch.ones(7), atol=1e-5, rtol=0)


def test_hidden_states_and_attentions_match(encoder, reference):
    ids, mask = encoder.tokenizer.batch(SENTENCES[:2])
    with torch.no_grad():
        hidden = encoder.model(ids, mask)
    _, out = _reference_embeddings(reference, SENTENCES[:2])
    real = mask.bool()
    torch.testing.assert_close(hidden[real], out.last_hidden_state[real],
                               atol=1e-4, rtol=0)
    ours_att = encoder.model.attentions()  # (L, B, H, T, T)
    assert ours_att.shape[:3] == (6, 2, 12)
    theirs = torch.stack(out.attentions)
    torch.testing.assert_close(ours_att[:, 0], theirs[:, 0], atol=1e-5, rtol=0)


def test_similar_sentences_are_closer(encoder):
    E = encoder.encode(SENTENCES[1:4])
    assert (E[0] @ E[1]) > (E[0] @ E[2]) + 0.3


def test_mean_pool_ignores_padding():
    h = torch.tensor([[[1.0, 2.0], [3.0, 4.0], [100.0, 100.0]]])
    assert mean_pool(h, torch.tensor([[1, 1, 0]])).tolist() == [[2.0, 3.0]]
    with pytest.raises(ValueError, match="disagree"):
        mean_pool(h, torch.ones(1, 2))


def test_masked_lm_and_mask_tokens():
    seed_everything(0)
    config = BertConfig(vocab_size=20, num_hiddens=16, num_heads=2,
                        num_layers=1, ffn_hiddens=32, max_len=10)
    model = MaskedLM(config)
    ids = torch.randint(2, 20, (4, 10))
    masked, targets = mask_tokens(ids, mask_id=1, rate=0.5,
                                  generator=torch.Generator().manual_seed(0))
    hidden = masked == 1
    assert hidden.any() and torch.equal(targets[hidden], ids[hidden])
    assert (targets[~hidden] == -100).all()
    assert model(masked).shape == (4, 10, 20)
    with pytest.raises(ValueError, match="rate must be in"):
        mask_tokens(ids, mask_id=1, rate=1.5)


def test_bert_errors():
    model = Bert(BertConfig(vocab_size=10, num_hiddens=8, num_heads=2,
                            num_layers=1, ffn_hiddens=16, max_len=4))
    with pytest.raises(ValueError, match=r"ids of shape \(B, T\) int64"):
        model(torch.ones(2, 3))
    with pytest.raises(ValueError, match="at most 4 tokens, got 5"):
        model(torch.ones(1, 5, dtype=torch.long))
