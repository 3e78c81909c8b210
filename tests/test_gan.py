import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.models import MLP
from dlbook.gan import (GAN, discriminator_loss, generator_loss,
                        mixture_of_gaussians, mode_coverage, ring_centers,
                        train_gan)

pytestmark = pytest.mark.lesson


def test_discriminator_loss_matches_binary_cross_entropy():
    seed_everything(0)
    real = torch.randn(16, requires_grad=True) * 5  # large logits too
    fake = torch.randn(16) * 5
    ref = (F.binary_cross_entropy_with_logits(real, torch.ones(16))
           + F.binary_cross_entropy_with_logits(fake, torch.zeros(16)))
    torch.testing.assert_close(discriminator_loss(real, fake), ref,
                               atol=1e-6, rtol=0)


def test_generator_loss_matches_bce_and_its_gradient():
    seed_everything(0)
    fake = torch.randn(16, requires_grad=True)
    generator_loss(fake).backward()
    ours = fake.grad.clone()
    fake.grad = None
    F.binary_cross_entropy_with_logits(fake, torch.ones(16)).backward()
    torch.testing.assert_close(ours, fake.grad, atol=1e-7, rtol=0)


def test_confused_discriminator_has_loss_two_log_two():
    zero = torch.zeros(8)  # D = 1/2 everywhere
    assert discriminator_loss(zero, zero).item() == pytest.approx(
        2 * math.log(2), abs=1e-6)
    huge = torch.full((4,), 200.0)  # stays finite where sigmoid saturates
    assert math.isfinite(discriminator_loss(-huge, huge).item())


def test_ring_and_mode_coverage():
    centers = ring_centers(8, radius=2.0)
    assert centers.shape == (8, 2)
    torch.testing.assert_close(centers.norm(dim=1), torch.full((8,), 2.0),
                               atol=1e-6, rtol=0)
    X = mixture_of_gaussians(800, std=0.05, seed=0)
    assert X.shape == (800, 2)
    assert mode_coverage(X, centers, std=0.05) [0] == 8
    collapsed = centers[:1].repeat(100, 1)
    assert mode_coverage(collapsed, centers, std=0.05) == (1, 1.0)
    far = torch.full((50, 2), 10.0)
    assert mode_coverage(far, centers, std=0.05) == (0, 0.0)


def test_training_runs_snapshots_and_shapes():
    seed_everything(0)
    gan = GAN(2, z_dim=4, num_hiddens=16)
    X = mixture_of_gaussians(256)
    hist = train_gan(gan, X, num_steps=20, batch_size=32, snapshot_at=(10,))
    assert len(hist.d_loss) == len(hist.g_loss) == len(hist) == 20
    assert hist.unit == "step"
    assert hist.snapshots[10].shape == (1000, 2)
    assert gan.discriminate(X[:5]).shape == (5,)
    pixels = GAN(64, out="sigmoid").sample(3)
    assert pixels.shape == (3, 64) and pixels.min() >= 0 and pixels.max() <= 1


def test_clear_errors():
    with pytest.raises(ValueError, match=r"logits of shape \(B,\)"):
        discriminator_loss(torch.zeros(3, 1), torch.zeros(3))
    with pytest.raises(ValueError, match=r"logits of shape \(B,\)"):
        generator_loss(torch.zeros(3, 1))
    with pytest.raises(ValueError, match="out must be 'linear' or 'sigmoid'"):
        GAN(2, out="tanh")
    with pytest.raises(ValueError, match=r"expects X of shape \(N, 2\)"):
        train_gan(GAN(2), torch.zeros(5, 3), num_steps=1)
    with pytest.raises(ValueError, match=r"samples must be \(N, 2\)"):
        mode_coverage(torch.zeros(5, 3), ring_centers(), std=0.1)


def _leaky_mlp(sizes: list[int]) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        layers += [nn.Linear(sizes[i], sizes[i + 1]), nn.LeakyReLU(0.2)]
    return nn.Sequential(*layers[:-1])


def test_generator_and_discriminator_are_the_book_mlp_and_match_torch():
    torch.manual_seed(0)
    gan = GAN(2, z_dim=3, num_hiddens=5)
    torch.manual_seed(0)  # nn.Linear layers drawn in the same order
    G, D = _leaky_mlp([3, 5, 5, 2]), _leaky_mlp([2, 5, 5, 1])
    assert isinstance(gan.G, MLP) and isinstance(gan.D, MLP)
    for ours, theirs in ((gan.G, G), (gan.D, D)):
        for a, b in zip(ours.parameters(), theirs.parameters(), strict=True):
            torch.testing.assert_close(a, b, atol=0, rtol=0)
    z, X = torch.randn(7, 3), torch.randn(7, 2)
    torch.testing.assert_close(gan.G(z), G(z), atol=1e-6, rtol=0)
    torch.testing.assert_close(gan.discriminate(X), D(X).squeeze(1),
                               atol=1e-6, rtol=0)
    pixels = GAN(4, out="sigmoid").sample(6)
    assert pixels.shape == (6, 4) and 0 <= pixels.min() and pixels.max() <= 1
