import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.conv import Conv2d, LeNet, avg_pool2d, conv2d, max_pool2d

pytestmark = pytest.mark.lesson

ATOL = 1e-5


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 1), (2, 0), (2, 1), ((1, 2), (2, 0))])
def test_conv2d_matches_torch_with_stride_padding_and_channels(stride, padding):
    seed_everything(0)
    X = torch.randn(2, 3, 9, 8)  # (B, C_in, H, W)
    weight = torch.randn(4, 3, 3, 2)  # (C_out, C_in, kh, kw)
    bias = torch.randn(4)
    Y = conv2d(X, weight, bias, stride=stride, padding=padding)
    Y_ref = F.conv2d(X, weight, bias, stride=stride, padding=padding)
    assert Y.shape == Y_ref.shape
    torch.testing.assert_close(Y, Y_ref, atol=ATOL, rtol=0)


def test_conv2d_by_hand():
    X = torch.arange(9.0).reshape(1, 1, 3, 3)
    K = torch.tensor([[[[1.0, 0.0], [0.0, -1.0]]]])  # x[i,j] - x[i+1,j+1]
    assert conv2d(X, K).flatten().tolist() == [-4.0, -4.0, -4.0, -4.0]


def test_conv2d_layer_matches_nn_conv2d_forward_and_backward():
    seed_everything(1)
    ours = Conv2d(2, 5, 3, stride=2, padding=1)
    ref = nn.Conv2d(2, 5, 3, stride=2, padding=1)
    ref.load_state_dict(ours.state_dict())
    X = torch.randn(3, 2, 7, 7)
    torch.testing.assert_close(ours(X), ref(X), atol=ATOL, rtol=0)
    ours(X).square().sum().backward()
    ref(X).square().sum().backward()
    torch.testing.assert_close(ours.weight.grad, ref.weight.grad, atol=1e-4, rtol=0)
    torch.testing.assert_close(ours.bias.grad, ref.bias.grad, atol=1e-4, rtol=0)
    assert ours.weight.abs().max() <= 1 / (2 * 9) ** 0.5


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 1), (3, 2)])
def test_pooling_matches_torch(kernel, stride):
    seed_everything(2)
    X = torch.randn(2, 3, 8, 7)
    torch.testing.assert_close(max_pool2d(X, kernel, stride=stride),
                               F.max_pool2d(X, kernel, stride=stride), atol=ATOL, rtol=0)
    torch.testing.assert_close(avg_pool2d(X, kernel, stride=stride),
                               F.avg_pool2d(X, kernel, stride=stride), atol=ATOL, rtol=0)


def test_lenet_shapes_and_from_scratch_equivalence():
    seed_everything(3)
    fast = LeNet()
    slow = LeNet(from_scratch=True)
    slow.load_state_dict(fast.state_dict())
    X = torch.rand(5, 1, 8, 8)
    assert fast(X).shape == (5, 10)
    torch.testing.assert_close(slow(X), fast(X), atol=ATOL, rtol=0)
    A1, A2 = fast.feature_maps(X)
    assert A1.shape == (5, 16, 8, 8) and A2.shape == (5, 32, 4, 4)
    assert (A1 >= 0).all() and (A2 >= 0).all()


def test_clear_errors():
    with pytest.raises(ValueError, match=r"expects a \(B, C, H, W\) tensor, got \(8, 8\)"):
        conv2d(torch.zeros(8, 8), torch.zeros(1, 1, 3, 3))
    with pytest.raises(ValueError, match=r"weight \(C_out, 3, kh, kw\)"):
        conv2d(torch.zeros(1, 3, 8, 8), torch.zeros(4, 2, 3, 3))
    with pytest.raises(ValueError, match="does not fit"):
        conv2d(torch.zeros(1, 1, 2, 2), torch.zeros(1, 1, 3, 3))
    with pytest.raises(ValueError, match=r"LeNet expects \(B, 1, 8, 8\) digits, got \(2, 1, 28, 28\)"):
        LeNet()(torch.zeros(2, 1, 28, 28))
    with pytest.raises(TypeError, match="stride must be an int or a pair"):
        max_pool2d(torch.zeros(1, 1, 4, 4), 2, stride="2")
