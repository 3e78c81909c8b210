import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlbook import seed_everything
from dlbook.attention import (
    MultiHeadAttention,
    causal_mask,
    padding_mask,
    scaled_dot_product_attention,
)

pytestmark = pytest.mark.lesson

ATOL = 1e-5


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("padded", [False, True])
def test_sdpa_matches_torch(causal, padded):
    seed_everything(0)
    q, k, v = (torch.randn(2, 3, 5, 8) for _ in range(3))
    mask = None
    if padded:
        mask = padding_mask(torch.tensor([5, 3]), 5)[:, None, None, :]
    ours, w = scaled_dot_product_attention(q, k, v, mask=mask, causal=causal)
    keep = mask
    if causal:
        tri = causal_mask(5)
        keep = tri if keep is None else keep & tri
    ref = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
    torch.testing.assert_close(ours, ref, atol=ATOL, rtol=0)
    torch.testing.assert_close(w.sum(-1), torch.ones(2, 3, 5), atol=1e-6, rtol=0)
    if causal:
        assert w[..., 0, 1:].abs().max() == 0  # first query sees only key 0
    if padded:
        assert w[1, ..., 3:].abs().max() == 0  # nobody reads padding


def test_sdpa_cross_lengths_and_gradients():
    seed_everything(1)
    q = torch.randn(4, 6, 16, requires_grad=True)
    k = torch.randn(4, 9, 16, requires_grad=True)
    v = torch.randn(4, 9, 7, requires_grad=True)
    out, w = scaled_dot_product_attention(q, k, v)
    assert out.shape == (4, 6, 7) and w.shape == (4, 6, 9)
    out.square().sum().backward()
    grads = [t.grad.clone() for t in (q, k, v)]
    for t in (q, k, v):
        t.grad = None
    F.scaled_dot_product_attention(q, k, v).square().sum().backward()
    for g, t in zip(grads, (q, k, v)):
        torch.testing.assert_close(g, t.grad, atol=1e-4, rtol=0)


def _pair(C=16, H=4):
    seed_everything(2)
    ref = nn.MultiheadAttention(C, H, batch_first=True)
    ours = MultiHeadAttention(C, H).load_from_torch(ref)
    return ours, ref


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("padded", [False, True])
def test_mha_matches_nn_multiheadattention(causal, padded):
    ours, ref = _pair()
    X = torch.randn(3, 7, 16)
    keep = padding_mask(torch.tensor([7, 4, 6]), 7) if padded else None
    out, w = ours(X, key_padding_mask=keep, causal=causal)
    ref_out, ref_w = ref(
        X, X, X,
        key_padding_mask=None if keep is None else ~keep,  # torch: True = pad
        attn_mask=~causal_mask(7) if causal else None,  # torch: True = block
        need_weights=True, average_attn_weights=False,
    )
    torch.testing.assert_close(out, ref_out, atol=ATOL, rtol=0)
    torch.testing.assert_close(w, ref_w, atol=ATOL, rtol=0)
    assert w.shape == (3, 4, 7, 7)


def test_mha_cross_attention_matches_and_backward():
    ours, ref = _pair(C=12, H=3)
    Y, M = torch.randn(2, 4, 12), torch.randn(2, 9, 12)
    out, w = ours(Y, M, M)
    ref_out, _ = ref(Y, M, M)
    torch.testing.assert_close(out, ref_out, atol=ATOL, rtol=0)
    assert w.shape == (2, 3, 4, 9)
    out.sum().backward()
    ref_out.sum().backward()
    torch.testing.assert_close(
        ours.W_o.weight.grad, ref.out_proj.weight.grad, atol=1e-4, rtol=0)
    torch.testing.assert_close(
        ours.W_q.weight.grad, ref.in_proj_weight.grad[:12], atol=1e-4, rtol=0)


def test_causal_and_padding_masks():
    assert causal_mask(3).tolist() == [
        [True, False, False], [True, True, False], [True, True, True]]
    assert padding_mask(torch.tensor([1, 3]), 3).tolist() == [
        [True, False, False], [True, True, True]]


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: MultiHeadAttention(10, 3), ValueError, "divisible by num_heads, got 10 and 3"),
        (lambda: MultiHeadAttention(8, 2)(torch.ones(2, 3, 6)), ValueError,
         r"query of shape \(B, T, 8\), got \(2, 3, 6\)"),
        (lambda: scaled_dot_product_attention(
            torch.ones(2, 4), torch.ones(3, 5), torch.ones(3, 5)), ValueError,
         "same head size D, got 4 and 5"),
        (lambda: scaled_dot_product_attention(
            torch.ones(2, 4), torch.ones(3, 4), torch.ones(3, 4),
            mask=torch.ones(2, 3)), TypeError, "mask must be boolean"),
        (lambda: MultiHeadAttention(8, 2)(
            torch.ones(2, 3, 8), key_padding_mask=torch.ones(2, 4, dtype=torch.bool)),
         ValueError, r"key_padding_mask must be \(B, Tk\) = \(2, 3\)"),
    ],
)
def test_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
