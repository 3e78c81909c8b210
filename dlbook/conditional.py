"""Conditioning a diffusion model: "draw a 3" instead of "draw something".

A conditional denoiser reads a label as well as the noisy image and its
step, ``eps_theta(x_t, t, c)``.  The label enters exactly as the step does:
an embedding added to the hidden features.  Text-to-image models do the
same with a text encoder's output in place of a label embedding (Rombach et
al. 2022, "High-Resolution Image Synthesis with Latent Diffusion Models",
where cross-attention reads the text tokens).

*Classifier-free guidance* (Ho & Salimans 2022) trains one network both with
and without the label: a share ``p_uncond`` of the labels is replaced by an
extra "no label" class.  Sampling then pushes the prediction away from the
unconditional one, ``eps = (1 + w) eps(x, t, c) - w eps(x, t, none)``;
``w = 0`` is plain conditional sampling, larger ``w`` follows the label more
closely at the cost of variety.

Taught on the page "Conditioning / 条件生成" (``docs/*/generative/
conditional.md``); the DDPM parts (schedule, loss, sampler) are
``dlbook.diffusion``'s.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbook.diffusion import Denoiser, Schedule, q_sample, sample
from dlbook.train import History, check_training_args, progress_bar


class ConditionalDenoiser(Denoiser):
    """``Denoiser`` plus a label embedding: ``eps_theta(x_t, t, c)``.

    Label ``num_classes`` (one past the last class) means "no label"; it is
    what classifier-free guidance trains with and samples against.
    """

    def __init__(self, num_features: int, T: int, num_classes: int, *,  # noqa: N803
                 num_hiddens: int = 128) -> None:
        super().__init__(num_features, T, num_hiddens=num_hiddens)
        self.num_classes = num_classes
        self.label = nn.Embedding(num_classes + 1, num_hiddens)

    def forward(self, x: torch.Tensor, t: torch.Tensor,  # type: ignore[override]
                c: torch.Tensor) -> torch.Tensor:
        if x.dim() != 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"ConditionalDenoiser expects x of shape (B, {self.num_features}), "
                f"got {tuple(x.shape)}")
        if c.shape != (len(x),) or c.dtype != torch.long:
            raise ValueError(
                f"labels c must be ({len(x)},) int64, got {tuple(c.shape)} {c.dtype}")
        if c.min() < 0 or c.max() > self.num_classes:
            raise ValueError(
                f"labels must be in 0..{self.num_classes} "
                f"({self.num_classes} = no label), got {c.min()}..{c.max()}")
        angles = t.float()[:, None] * self.freqs[None, :]  # (B, C/2)
        emb = torch.cat([angles.sin(), angles.cos()], dim=1)  # (B, C)
        h = self.inp(x) + self.time(emb) + self.label(c)  # (B, C)
        return self.body(h)  # (B, features)


def train_conditional(model: ConditionalDenoiser, X: torch.Tensor, y: torch.Tensor,
                      schedule: Schedule, *, num_steps: int, lr: float = 2e-3,
                      batch_size: int = 128, p_uncond: float = 0.1,
                      seed: int = 0, progress: bool | None = None) -> History:
    """Algorithm 1 of DDPM with labels; ``p_uncond`` of them dropped to "none".

    Returns a ``History`` of steps whose ``train_loss`` is the loss of every
    step, as ``dlbook.diffusion.train_ddpm`` does.
    """
    check_training_args(num_steps=num_steps, lr=lr, batch_size=batch_size, seed=seed)
    if X.dim() != 2 or len(X) != len(y) or len(X) == 0:
        raise ValueError(f"train_conditional expects X (N, C) and y (N,), got "
                         f"{tuple(X.shape)} and {tuple(y.shape)}")
    if not 0 <= p_uncond < 1:
        raise ValueError(f"p_uncond must be in [0, 1), got {p_uncond}")
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = History(unit="step")
    model.train()
    for _ in progress_bar(num_steps, "step", progress):
        i = torch.randint(len(X), (batch_size,), generator=gen)
        x0, c = X[i], y[i].clone()  # (B, C), (B,)
        drop = torch.rand(batch_size, generator=gen) < p_uncond
        c[drop] = model.num_classes  # the "no label" class
        t = torch.randint(1, schedule.T + 1, (batch_size,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        loss = ((noise - model(q_sample(x0, t, noise, schedule), t, c)) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.log(train_loss=loss.item())
    model.eval()
    return history


class Guided(nn.Module):
    """``eps(x, t) = (1 + w) eps(x, t, c) - w eps(x, t, none)`` for fixed labels.

    Wraps a ``ConditionalDenoiser`` into the ``model(x, t)`` that
    ``dlbook.diffusion.sample`` expects (Ho & Salimans 2022, eq. 6).
    """

    def __init__(self, model: ConditionalDenoiser, labels: torch.Tensor, *,
                 guidance: float = 0.0) -> None:
        super().__init__()
        if guidance < 0:
            raise ValueError(f"guidance must be >= 0, got {guidance}")
        self.model, self.labels, self.w = model, labels, guidance

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        eps_c = self.model(x, t, self.labels)  # (B, features)
        if self.w == 0:
            return eps_c
        none = torch.full_like(self.labels, self.model.num_classes)
        return (1 + self.w) * eps_c - self.w * self.model(x, t, none)


@torch.no_grad()
def sample_labels(model: ConditionalDenoiser, labels: torch.Tensor,
                  schedule: Schedule, *, guidance: float = 0.0,
                  generator: torch.Generator | None = None) -> torch.Tensor:
    """One sample per requested label: ``(len(labels), features)``."""
    guided = Guided(model, labels, guidance=guidance)
    x0, _ = sample(guided, (len(labels), model.num_features), schedule,
                   generator=generator)
    return x0
