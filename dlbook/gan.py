"""A generative adversarial network: a forger and a detective trained together.

The generator ``G`` turns random noise ``z`` into samples; the discriminator
``D`` outputs a logit saying "real" (high) or "fake" (low).  ``D`` is trained
to tell data from ``G``'s samples, ``G`` to make ``D`` call its samples real
(Goodfellow et al., "Generative adversarial nets", NeurIPS 2014).  The
losses below are written out with ``logsigmoid`` and tested against
``F.binary_cross_entropy_with_logits``.

Also here: the 2-D mixture of Gaussians on a ring, the toy data set on which
mode collapse is easy to see and to count (Metz et al., "Unrolled generative
adversarial networks", ICLR 2017), and ``mode_coverage`` that counts it.

Taught on the page "Generative adversarial networks / 生成对抗网络".
"""

from __future__ import annotations

import math
import torch
import torch.nn.functional as F
from torch import nn

from dlbook.models import MLP
from dlbook.train import History, check_training_args, progress_bar


def discriminator_loss(real_logits: torch.Tensor,
                       fake_logits: torch.Tensor) -> torch.Tensor:
    """``-[log D(x) + log(1 - D(G(z)))]``, averaged, from logits.

    ``log D = logsigmoid(logit)`` and ``log(1 - D) = logsigmoid(-logit)``:
    both stay finite where ``sigmoid`` would round to 0 or 1.
    """
    if real_logits.dim() != 1 or fake_logits.dim() != 1:
        raise ValueError(
            "discriminator_loss expects logits of shape (B,), got "
            f"{tuple(real_logits.shape)} and {tuple(fake_logits.shape)}"
        )
    return -(F.logsigmoid(real_logits).mean()
             + F.logsigmoid(-fake_logits).mean())


def generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    """The non-saturating generator loss ``-log D(G(z))``, averaged.

    Goodfellow et al. (2014, section 3) suggest it instead of minimising
    ``log(1 - D(G(z)))``, whose gradient vanishes while ``D`` easily wins.
    """
    if fake_logits.dim() != 1:
        raise ValueError(
            f"generator_loss expects logits of shape (B,), "
            f"got {tuple(fake_logits.shape)}"
        )
    return -F.logsigmoid(fake_logits).mean()


class GAN(nn.Module):
    """Generator and discriminator as two MLPs over ``C`` features.

    Each is a ``dlbook.models.MLP`` with two hidden layers of ``num_hiddens``
    and LeakyReLU (slope 0.2, the choice of DCGAN: no unit's gradient is
    ever exactly zero).  ``out`` is the
    generator's last activation: ``"linear"`` for points in the plane,
    ``"sigmoid"`` for pixels in [0, 1].
    """

    def __init__(self, num_features: int, *, z_dim: int = 8,
                 num_hiddens: int = 128, out: str = "linear") -> None:
        super().__init__()
        if out not in ("linear", "sigmoid"):
            raise ValueError(f"out must be 'linear' or 'sigmoid', got {out!r}")
        self.num_features, self.z_dim = num_features, z_dim
        hidden = [num_hiddens, num_hiddens]
        G = MLP(z_dim, hidden, num_features, activation="leaky_relu")
        self.G = nn.Sequential(G, nn.Sigmoid()) if out == "sigmoid" else G
        self.D = MLP(num_features, hidden, 1, activation="leaky_relu")

    def sample(self, n: int, *,
               generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` generated samples, ``(n, C)``, without gradients."""
        z = torch.randn(n, self.z_dim, generator=generator)
        with torch.no_grad():
            return self.G(z)

    def discriminate(self, X: torch.Tensor) -> torch.Tensor:
        """One logit per example: ``(B, C) -> (B,)``."""
        if X.dim() != 2 or X.shape[1] != self.num_features:
            raise ValueError(
                f"discriminate expects (B, {self.num_features}), "
                f"got {tuple(X.shape)}"
            )
        return self.D(X).squeeze(1)  # (B, 1) -> (B,)


def train_gan(
    gan: GAN,
    X: torch.Tensor,
    *,
    num_steps: int,
    lr: float = 1e-3,
    batch_size: int = 128,
    snapshot_at: tuple[int, ...] = (),
    seed: int = 0,
    progress: bool | None = None,
) -> History:
    """Alternate one discriminator step and one generator step, ``num_steps``
    times; return a ``History`` of steps with ``d_loss`` and ``g_loss`` per
    step and, in ``snapshots``, 1,000 generator samples at each step of
    ``snapshot_at`` (1-based).

    Adam with ``betas=(0.5, 0.999)``, the setting of Radford et al.
    (DCGAN, ICLR 2016) that most GAN code still uses.
    """
    check_training_args(num_steps=num_steps, lr=lr, batch_size=batch_size, seed=seed)
    if X.dim() != 2 or X.shape[1] != gan.num_features:
        raise ValueError(
            f"train_gan expects X of shape (N, {gan.num_features}), "
            f"got {tuple(X.shape)}"
        )
    gen = torch.Generator().manual_seed(seed)
    opt_d = torch.optim.Adam(gan.D.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(gan.G.parameters(), lr=lr, betas=(0.5, 0.999))
    history = History(unit="step")
    for i in progress_bar(num_steps, "step", progress):
        step = i + 1
        real = X[torch.randint(len(X), (batch_size,), generator=gen)]
        z = torch.randn(batch_size, gan.z_dim, generator=gen)
        fake = gan.G(z)  # (B, C)
        # 1. the detective: real -> high logit, fake -> low logit
        d_loss = discriminator_loss(gan.discriminate(real),
                                    gan.discriminate(fake.detach()))
        opt_d.zero_grad()
        d_loss.backward()
        opt_d.step()
        # 2. the forger: make D call the fakes real
        g_loss = generator_loss(gan.discriminate(fake))
        opt_g.zero_grad()
        g_loss.backward()
        opt_g.step()
        history.log(d_loss=d_loss.item(), g_loss=g_loss.item())
        if step in snapshot_at:
            history.snapshots[step] = gan.sample(1000, generator=gen)
    return history


def ring_centers(num_modes: int = 8, radius: float = 2.0) -> torch.Tensor:
    """``num_modes`` points evenly spaced on a circle: ``(num_modes, 2)``."""
    if num_modes < 1:
        raise ValueError(f"num_modes must be >= 1, got {num_modes}")
    angle = torch.arange(num_modes) * (2 * math.pi / num_modes)
    return radius * torch.stack([angle.cos(), angle.sin()], dim=1)


def mixture_of_gaussians(n: int, *, num_modes: int = 8, radius: float = 2.0,
                         std: float = 0.05, seed: int = 0) -> torch.Tensor:
    """``n`` points from equal Gaussians around a ring: ``(n, 2)``."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    gen = torch.Generator().manual_seed(seed)
    centers = ring_centers(num_modes, radius)
    which = torch.randint(num_modes, (n,), generator=gen)
    return centers[which] + std * torch.randn(n, 2, generator=gen)


def mode_coverage(samples: torch.Tensor, centers: torch.Tensor, *,
                  std: float, min_share: float = 0.02) -> tuple[int, float]:
    """How many modes the samples cover, and the share of good samples.

    A sample is *good* when it lies within ``3 * std`` of its nearest
    center; a mode is *covered* when at least ``min_share`` of the samples
    are good samples of that mode (the counting of Metz et al., 2017).
    """
    if samples.dim() != 2 or samples.shape[1] != centers.shape[1]:
        raise ValueError(
            f"samples must be (N, {centers.shape[1]}), "
            f"got {tuple(samples.shape)}"
        )
    dist = torch.cdist(samples, centers)  # (N, modes)
    nearest_dist, nearest = dist.min(dim=1)
    good = nearest_dist < 3 * std
    counts = torch.bincount(nearest[good], minlength=len(centers))
    covered = int((counts >= min_share * len(samples)).sum())
    return covered, good.float().mean().item()
