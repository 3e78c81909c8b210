import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.norm import BatchNorm1d, LayerNorm

pytestmark = pytest.mark.lesson


def _with_random_affine(ours, ref):
    with torch.no_grad():
        ours.weight.copy_(torch.randn_like(ours.weight))
        ours.bias.copy_(torch.randn_like(ours.bias))
    ref.load_state_dict(ours.state_dict())


def test_batchnorm_forward_backward_and_running_stats_match_torch():
    seed_everything(0)
    ours, ref = BatchNorm1d(5, momentum=0.2), nn.BatchNorm1d(5, momentum=0.2)
    _with_random_affine(ours, ref)
    for _ in range(3):  # three training batches move the running statistics
        X = torch.randn(8, 5) * 3 + 2
        Xa, Xb = X.clone().requires_grad_(), X.clone().requires_grad_()
        Ya, Yb = ours(Xa), ref(Xb)
        torch.testing.assert_close(Ya, Yb, atol=1e-5, rtol=0)
        (Ya ** 3).sum().backward()
        (Yb ** 3).sum().backward()
        torch.testing.assert_close(Xa.grad, Xb.grad, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(ours.bias.grad, ref.bias.grad, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(ours.running_mean, ref.running_mean, atol=1e-6, rtol=0)
    torch.testing.assert_close(ours.running_var, ref.running_var, atol=1e-5, rtol=0)
    assert ours.running_mean.abs().min() > 0.1  # they did move away from 0


def test_batchnorm_train_output_is_normalised_and_eval_uses_running_stats():
    seed_everything(1)
    bn = BatchNorm1d(4)
    X = torch.randn(64, 4) * 5 + 7
    Y = bn(X)
    torch.testing.assert_close(Y.mean(0), torch.zeros(4), atol=1e-5, rtol=0)
    torch.testing.assert_close(Y.std(0, unbiased=False), torch.ones(4), atol=1e-3, rtol=0)
    bn.eval()
    ref = nn.BatchNorm1d(4).eval()
    ref.load_state_dict(bn.state_dict())
    one = X[:1]  # in eval mode one example alone is fine, and deterministic
    torch.testing.assert_close(bn(one), ref(one), atol=1e-5, rtol=0)
    assert not torch.allclose(bn(X), Y, atol=1e-2)  # running stats, not batch stats


def test_batchnorm_in_state_dict_and_clear_errors():
    bn = BatchNorm1d(3)
    assert set(bn.state_dict()) == {"weight", "bias", "running_mean", "running_var"}
    with pytest.raises(ValueError, match=r"expects \(B, 3\), got \(2, 4\)"):
        bn(torch.zeros(2, 4))
    with pytest.raises(ValueError, match="at least 2 examples"):
        bn(torch.zeros(1, 3))


@pytest.mark.parametrize("shape", [(6, 7), (2, 5, 7)])
def test_layernorm_forward_and_backward_match_torch(shape):
    seed_everything(2)
    ours, ref = LayerNorm(7), nn.LayerNorm(7)
    _with_random_affine(ours, ref)
    X = torch.randn(*shape) * 4 - 1
    Xa, Xb = X.clone().requires_grad_(), X.clone().requires_grad_()
    Ya, Yb = ours(Xa), ref(Xb)
    torch.testing.assert_close(Ya, Yb, atol=1e-5, rtol=0)
    (Ya ** 3).sum().backward()
    (Yb ** 3).sum().backward()
    torch.testing.assert_close(Xa.grad, Xb.grad, atol=1e-4, rtol=1e-4)
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad, atol=1e-4, rtol=1e-4)
    ours.eval()  # no mode dependence
    torch.testing.assert_close(ours(X), Ya.detach(), atol=0, rtol=0)


def test_layernorm_rejects_wrong_feature_size():
    with pytest.raises(ValueError, match=r"expects \(\.\.\., 7\), got \(3, 6\)"):
        LayerNorm(7)(torch.zeros(3, 6))
