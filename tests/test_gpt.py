import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.attention import causal_mask
from dlbook.gpt import GPT, GPTConfig

pytestmark = pytest.mark.lesson


def _model(**kw):
    seed_everything(0)
    return GPT(GPTConfig(vocab_size=11, block_size=8, num_hiddens=16,
                         num_heads=2, num_layers=2, **kw)).eval()


def test_shapes_and_causality():
    model = _model()
    ids = torch.randint(11, (3, 8))
    logits = model(ids)
    assert logits.shape == (3, 8, 11)
    changed = ids.clone()
    changed[:, 5] = (changed[:, 5] + 1) % 11
    with torch.no_grad():
        a, b = model(ids), model(changed)
    torch.testing.assert_close(a[:, :5], b[:, :5], atol=1e-6, rtol=0)
    assert (a[:, 5:] - b[:, 5:]).abs().max() > 1e-4


def test_block_equals_torch_pre_norm_causal_layer():
    model = _model()
    block = model.blocks[0]
    ref = nn.TransformerEncoderLayer(16, 2, 64, dropout=0.0, activation="gelu",
                                     batch_first=True, norm_first=True).eval()
    with torch.no_grad():
        ref.self_attn.in_proj_weight.copy_(torch.cat(
            [block.attn.W_q.weight, block.attn.W_k.weight, block.attn.W_v.weight]))
        ref.self_attn.in_proj_bias.copy_(torch.cat(
            [block.attn.W_q.bias, block.attn.W_k.bias, block.attn.W_v.bias]))
        ref.self_attn.out_proj.load_state_dict(block.attn.W_o.state_dict())
        ref.linear1.load_state_dict(block.ffn[0].state_dict())
        ref.linear2.load_state_dict(block.ffn[3].state_dict())
        ref.norm1.load_state_dict(block.norm1.state_dict())
        ref.norm2.load_state_dict(block.norm2.state_dict())
    X = torch.randn(2, 6, 16)
    expected = ref(X, src_mask=~causal_mask(6), is_causal=True)
    torch.testing.assert_close(block(X, causal=True), expected, atol=1e-5, rtol=0)


def test_training_step_reduces_loss():
    model = _model().train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    ids = torch.arange(9).repeat(4, 1)  # (B, 9): 0, 1, ..., 8
    X, y = ids[:, :-1], ids[:, 1:]
    losses = []
    for _ in range(30):
        loss = nn.functional.cross_entropy(model(X).flatten(0, 1), y.flatten())
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.2 * losses[0]


def test_generate_is_reproducible_and_respects_block_size():
    model = _model()
    prompt = torch.tensor([[1, 2, 3]])
    a = model.generate(prompt, 12, generator=torch.Generator().manual_seed(0))
    b = model.generate(prompt, 12, generator=torch.Generator().manual_seed(0))
    assert a.shape == (1, 15) and torch.equal(a, b)
    assert torch.equal(a[:, :3], prompt)
    top1 = model.generate(prompt, 3, top_k=1)
    with torch.no_grad():
        assert top1[0, 3].item() == model(prompt)[0, -1].argmax().item()


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: _model()(torch.ones(1, 9, dtype=torch.long)), ValueError,
         "at most block_size=8 tokens, got 9"),
        (lambda: _model()(torch.ones(1, 3)), ValueError, r"ids of shape \(B, T\) int64"),
        (lambda: _model().generate(torch.ones(1, 2, dtype=torch.long), 1,
                                   temperature=0), ValueError, "temperature must be > 0"),
        (lambda: GPT(GPTConfig(vocab_size=1)), ValueError, "vocab_size >= 2"),
    ],
)
def test_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
