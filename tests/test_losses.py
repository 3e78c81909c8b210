import pytest
import torch
import torch.nn.functional as F

from dlbook.losses import (cross_entropy, log_softmax, logsumexp, mse_loss,
                           naive_cross_entropy, softmax)

pytestmark = pytest.mark.lesson


def _batch(scale=1.0, seed=0):
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(16, 5, generator=g) * scale
    y = torch.randint(0, 5, (16,), generator=g)
    return logits, y


def test_cross_entropy_matches_torch_value_and_gradient():
    logits, y = _batch()
    a = logits.clone().requires_grad_()
    b = logits.clone().requires_grad_()
    ours, theirs = cross_entropy(a, y), F.cross_entropy(b, y)
    ours.backward()
    theirs.backward()
    torch.testing.assert_close(ours, theirs, atol=1e-6, rtol=0)
    torch.testing.assert_close(a.grad, b.grad, atol=1e-7, rtol=0)


@pytest.mark.parametrize("scale", [100.0, 1000.0, 1e5])
def test_cross_entropy_is_stable_for_huge_logits(scale):
    logits, y = _batch(scale)
    ours = cross_entropy(logits, y)
    assert torch.isfinite(ours)
    torch.testing.assert_close(ours, F.cross_entropy(logits, y), rtol=1e-6, atol=1e-3)
    assert not torch.isfinite(naive_cross_entropy(logits, y))


def test_naive_agrees_for_small_logits():
    logits, y = _batch()
    torch.testing.assert_close(naive_cross_entropy(logits, y), F.cross_entropy(logits, y),
                               atol=1e-6, rtol=0)


def test_softmax_helpers_match_torch():
    logits, _ = _batch(50.0)
    torch.testing.assert_close(logsumexp(logits), torch.logsumexp(logits, dim=-1),
                               atol=1e-4, rtol=1e-6)
    torch.testing.assert_close(log_softmax(logits), F.log_softmax(logits, dim=-1),
                               atol=1e-4, rtol=1e-6)
    torch.testing.assert_close(softmax(logits), F.softmax(logits, dim=-1),
                               atol=1e-6, rtol=0)


def test_mse_matches_torch_value_and_gradient():
    g = torch.Generator().manual_seed(1)
    y = torch.randn(8, 3, generator=g)
    y_hat = torch.randn(8, 3, generator=g)
    a, b = y_hat.clone().requires_grad_(), y_hat.clone().requires_grad_()
    ours, theirs = mse_loss(a, y), F.mse_loss(b, y)
    ours.backward()
    theirs.backward()
    torch.testing.assert_close(ours, theirs, atol=1e-7, rtol=0)
    torch.testing.assert_close(a.grad, b.grad, atol=1e-7, rtol=0)


def test_clear_errors():
    logits, y = _batch()
    with pytest.raises(ValueError, match=r"float logits of shape \(B, classes\), got \(5,\)"):
        cross_entropy(logits[0], y)
    with pytest.raises(ValueError, match=r"integer labels of shape \(16,\), got \(16,\) with dtype torch.float32"):
        cross_entropy(logits, y.float())
    with pytest.raises(ValueError, match=r"labels in \[0, 4\], got min 0 and max 7"):
        cross_entropy(logits, torch.full((16,), 7).index_fill(0, torch.tensor([0]), 0))
    with pytest.raises(TypeError, match="logits as a torch.Tensor, got list"):
        cross_entropy([[1.0]], y)
    with pytest.raises(ValueError, match=r"same shape, got \(4,\) and \(4, 1\)"):
        mse_loss(torch.zeros(4), torch.zeros(4, 1))
    with pytest.raises(ValueError, match="expects float tensors"):
        mse_loss(torch.zeros(4), torch.zeros(4, dtype=torch.long))
