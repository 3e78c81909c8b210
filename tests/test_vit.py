import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.vit import ViT, ViTConfig, patchify

pytestmark = pytest.mark.lesson


def test_patchify_shapes_for_each_patch_size():
    X = torch.randn(5, 3, 8, 8)
    assert patchify(X, 1).shape == (5, 64, 3)
    assert patchify(X, 2).shape == (5, 16, 12)
    assert patchify(X, 4).shape == (5, 4, 48)
    assert patchify(X, 8).shape == (5, 1, 192)


def test_patchify_reads_patches_row_by_row():
    X = torch.arange(16.0).reshape(1, 1, 4, 4)
    P = patchify(X, 2)  # (1, 4, 4)
    torch.testing.assert_close(P[0, 0], torch.tensor([0.0, 1, 4, 5]))
    torch.testing.assert_close(P[0, 1], torch.tensor([2.0, 3, 6, 7]))
    torch.testing.assert_close(P[0, 2], torch.tensor([8.0, 9, 12, 13]))


def test_patch_embedding_equals_strided_conv2d():
    seed_everything(0)
    X = torch.randn(4, 3, 8, 8)
    linear = nn.Linear(3 * 2 * 2, 16)
    conv = nn.Conv2d(3, 16, kernel_size=2, stride=2)
    with torch.no_grad():
        conv.weight.copy_(linear.weight.reshape(16, 3, 2, 2))
        conv.bias.copy_(linear.bias)
    ours = linear(patchify(X, 2))  # (B, N, E)
    theirs = conv(X).flatten(2).transpose(1, 2)  # (B, E, 4, 4) -> (B, N, E)
    torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=0)


def test_without_positions_shuffling_patches_changes_nothing():
    seed_everything(0)
    model = ViT(ViTConfig(positions=False)).eval()
    X = torch.randn(3, 1, 8, 8)
    # swap the top-left and bottom-right 2x2 patches of every image
    Y = X.clone()
    Y[..., :2, :2], Y[..., 6:, 6:] = X[..., 6:, 6:], X[..., :2, :2]
    with torch.no_grad():
        torch.testing.assert_close(model(X), model(Y), atol=1e-5, rtol=0)


def test_with_positions_shuffling_patches_changes_the_output():
    seed_everything(0)
    model = ViT(ViTConfig()).eval()
    with torch.no_grad():
        model.pos.normal_()  # make positions matter at initialisation
    X = torch.randn(3, 1, 8, 8)
    Y = X.clone()
    Y[..., :2, :2], Y[..., 6:, 6:] = X[..., 6:, 6:], X[..., :2, :2]
    with torch.no_grad():
        assert (model(X) - model(Y)).abs().max() > 1e-3


def test_logits_shape_and_gradients_reach_every_parameter():
    seed_everything(0)
    model = ViT(ViTConfig(patch_size=4, num_layers=1))
    logits = model(torch.randn(6, 1, 8, 8))
    assert logits.shape == (6, 10)
    logits.sum().backward()
    assert all(p.grad is not None for p in model.parameters())


def test_bad_input_is_explained():
    with pytest.raises(ValueError, match=r"dividing H=8"):
        patchify(torch.randn(1, 1, 8, 8), 3)
    with pytest.raises(ValueError, match=r"\(B, C, H, W\)"):
        patchify(torch.randn(8, 8), 2)
    with pytest.raises(ValueError, match=r"must divide image_size"):
        ViT(ViTConfig(patch_size=3))
    with pytest.raises(ValueError, match=r"expects images \(B, 1, 8, 8\)"):
        ViT()(torch.randn(2, 64))
