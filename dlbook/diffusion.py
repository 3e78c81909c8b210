"""DDPM: learn to undo noise, one small step at a time.

Ho, Jain & Abbeel, "Denoising diffusion probabilistic models" (NeurIPS
2020).  Equation numbers below are the paper's.

* forward (fixed): ``q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I)``
  (eq. 2), which in closed form is
  ``q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I)`` (eq. 4), with
  ``alpha_t = 1 - beta_t`` and ``abar_t = alpha_1 ... alpha_t``;
* training (Algorithm 1): pick ``t`` and noise ``eps``, make ``x_t`` in one
  jump, and regress the network's ``eps_theta(x_t, t)`` on ``eps`` (eq. 14);
* reverse (Algorithm 2): from ``x_T ~ N(0, I)`` step down with
  ``x_{t-1} = (x_t - beta_t / sqrt(1 - abar_t) eps_theta) / sqrt(alpha_t)
  + sigma_t z``, ``sigma_t^2 = beta_t`` (eq. 11).

Steps are numbered 1..T as in the paper; index ``t - 1`` into the tensors.
``two_moons`` is the page's 2-D data set; ``energy_distance`` measures how
far samples are from the data.

Taught on the page "Diffusion models / 扩散模型".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from dlbook.train import History, check_training_args, progress_bar


@dataclass
class Schedule:
    """``beta_t``, ``alpha_t = 1 - beta_t`` and ``abar_t``, each ``(T,)``."""

    betas: torch.Tensor
    alphas: torch.Tensor
    alpha_bars: torch.Tensor

    @property
    def T(self) -> int:  # noqa: N802 (the paper's name)
        return len(self.betas)


def linear_schedule(T: int, *, beta_1: float = 1e-4,  # noqa: N803
                    beta_T: float = 0.02) -> Schedule:  # noqa: N803
    """Betas rising linearly from ``beta_1`` to ``beta_T`` (paper, sec. 4).

    The paper uses ``T = 1000``; with fewer steps keep ``abar_T`` near 0
    (raise ``beta_T``) so that ``x_T`` is really pure noise.
    """
    if not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be a positive int, got {T!r}")
    if not 0 < beta_1 <= beta_T < 1:
        raise ValueError(
            f"need 0 < beta_1 <= beta_T < 1, got {beta_1} and {beta_T}"
        )
    betas = torch.linspace(beta_1, beta_T, T)
    alphas = 1.0 - betas
    return Schedule(betas, alphas, torch.cumprod(alphas, dim=0))


def _check_t(t: torch.Tensor, x: torch.Tensor, schedule: Schedule) -> None:
    if t.shape != (len(x),):
        raise ValueError(
            f"t must have shape ({len(x)},), one step per example, "
            f"got {tuple(t.shape)}"
        )
    if t.min() < 1 or t.max() > schedule.T:
        raise ValueError(
            f"t must be in 1..{schedule.T}, got {t.min()}..{t.max()}"
        )


def _per_example(v: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    return v.reshape(-1, *([1] * (x.dim() - 1)))  # (B,) -> (B, 1, ...)


def q_step(x_prev: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
           schedule: Schedule) -> torch.Tensor:
    """Forward step, eq. 2: ``sqrt(1-beta_t) x_{t-1} + sqrt(beta_t) eps``."""
    _check_t(t, x_prev, schedule)
    beta = _per_example(schedule.betas[t - 1], x_prev)
    return (1 - beta).sqrt() * x_prev + beta.sqrt() * noise


def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
             schedule: Schedule) -> torch.Tensor:
    """Jump straight to step ``t``, eq. 4: ``sqrt(abar) x0 + sqrt(1-abar) eps``.

    Equal in distribution to ``t`` calls of ``q_step``, so training never
    has to run the chain.
    """
    _check_t(t, x0, schedule)
    if noise.shape != x0.shape:
        raise ValueError(
            f"noise must have the shape of x0 {tuple(x0.shape)}, "
            f"got {tuple(noise.shape)}"
        )
    abar = _per_example(schedule.alpha_bars[t - 1], x0)
    return abar.sqrt() * x0 + (1 - abar).sqrt() * noise


def ddpm_loss(model: nn.Module, x0: torch.Tensor, schedule: Schedule, *,
              generator: torch.Generator | None = None) -> torch.Tensor:
    """Algorithm 1: ``|| eps - eps_theta(x_t, t) ||^2`` at a random ``t``.

    ``x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps`` is made by ``q_sample``.

    ``model(x_t, t)`` predicts the noise that was added; the loss is the
    mean squared error over examples and features (eq. 14, "L_simple").
    """
    t = torch.randint(1, schedule.T + 1, (len(x0),), generator=generator)
    noise = torch.randn(x0.shape, generator=generator)
    x_t = q_sample(x0, t, noise, schedule)
    return ((noise - model(x_t, t)) ** 2).mean()


@torch.no_grad()
def p_step(model: nn.Module, x_t: torch.Tensor, t: int, schedule: Schedule,
           *, generator: torch.Generator | None = None) -> torch.Tensor:
    """One reverse step, Algorithm 2 line 4: ``x_t -> x_{t-1}``.

    No noise is added on the last step (``t = 1``), which returns the mean.
    """
    if not 1 <= t <= schedule.T:
        raise ValueError(f"t must be in 1..{schedule.T}, got {t}")
    beta = schedule.betas[t - 1]
    alpha, abar = schedule.alphas[t - 1], schedule.alpha_bars[t - 1]
    steps = torch.full((len(x_t),), t, dtype=torch.long)
    eps = model(x_t, steps)
    mean = (x_t - beta / (1 - abar).sqrt() * eps) / alpha.sqrt()
    if t == 1:
        return mean
    return mean + beta.sqrt() * torch.randn(x_t.shape, generator=generator)


@torch.no_grad()
def sample(model: nn.Module, shape: tuple[int, ...], schedule: Schedule, *,
           keep: tuple[int, ...] = (),
           generator: torch.Generator | None = None,
           ) -> tuple[torch.Tensor, dict[int, torch.Tensor]]:
    """Algorithm 2: start from noise, apply ``p_step`` for ``t = T..1``.

    Returns ``x_0`` and the intermediate ``x_t`` for every ``t`` in ``keep``
    (``T`` there means the starting noise).
    """
    model.eval()
    x = torch.randn(shape, generator=generator)
    kept = {schedule.T: x} if schedule.T in keep else {}
    for t in range(schedule.T, 0, -1):
        x = p_step(model, x, t, schedule, generator=generator)
        if t - 1 in keep:
            kept[t - 1] = x
    return x, kept


class Denoiser(nn.Module):
    """``eps_theta(x_t, t)``: an MLP that reads the point and its step.

    The step enters as a sinusoidal embedding (the Transformer's position
    code, which the DDPM paper also uses), added after the first layer;
    that addition in the middle is why the layers are spelled out here
    instead of being one ``dlbook.models.MLP``.
    """

    def __init__(self, num_features: int, T: int, *,  # noqa: N803
                 num_hiddens: int = 128) -> None:
        super().__init__()
        self.num_features, self.T = num_features, T
        self.inp = nn.Linear(num_features, num_hiddens)
        self.time = nn.Sequential(nn.Linear(num_hiddens, num_hiddens),
                                  nn.SiLU())
        self.body = nn.Sequential(
            nn.SiLU(), nn.Linear(num_hiddens, num_hiddens),
            nn.SiLU(), nn.Linear(num_hiddens, num_hiddens),
            nn.SiLU(), nn.Linear(num_hiddens, num_features),
        )
        half = num_hiddens // 2
        freqs = torch.exp(-math.log(1000.0) * torch.arange(half) / half)
        self.register_buffer("freqs", freqs, persistent=False)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        if x.dim() != 2 or x.shape[1] != self.num_features:
            raise ValueError(
                f"Denoiser expects x of shape (B, {self.num_features}), "
                f"got {tuple(x.shape)}"
            )
        angles = t.float()[:, None] * self.freqs[None, :]  # (B, C/2)
        emb = torch.cat([angles.sin(), angles.cos()], dim=1)  # (B, C)
        return self.body(self.inp(x) + self.time(emb))  # (B, features)


def train_ddpm(model: nn.Module, X: torch.Tensor, schedule: Schedule, *,
               num_steps: int, lr: float = 2e-3, batch_size: int = 256,
               seed: int = 0, progress: bool | None = None) -> History:
    """Algorithm 1 in a loop with Adam, ``num_steps`` times; returns a
    ``History`` of steps whose ``train_loss`` is the loss of every step."""
    check_training_args(num_steps=num_steps, lr=lr, batch_size=batch_size, seed=seed)
    if X.dim() != 2 or len(X) == 0:
        raise ValueError(f"train_ddpm expects X of shape (N, C), got "
                         f"{tuple(X.shape)}")
    gen = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = History(unit="step")
    model.train()
    for _ in progress_bar(num_steps, "step", progress):
        x0 = X[torch.randint(len(X), (batch_size,), generator=gen)]
        loss = ddpm_loss(model, x0, schedule, generator=gen)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.log(train_loss=loss.item())
    model.eval()
    return history


def two_moons(n: int, *, seed: int = 0, noise: float = 0.05) -> torch.Tensor:
    """``n`` points of scikit-learn's two moons, standardised: ``(n, 2)``.

    Every draw is scaled with the mean and std of one fixed reference draw
    (2,000 points, seed 0), so data drawn with another ``seed`` is fresh
    data from the same distribution, on the same scale.
    """
    from sklearn.datasets import make_moons

    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    draw = lambda k, s: torch.tensor(  # noqa: E731
        make_moons(k, noise=noise, random_state=s)[0]).float()
    ref = draw(2000, 0)
    return (draw(n, seed) - ref.mean(0)) / ref.std(0)


def energy_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    """``2 E|A - B| - E|A - A'| - E|B - B'|``, Euclidean (Szekely & Rizzo).

    Zero exactly when the two distributions are equal, positive otherwise;
    computed over all pairs of the two sample sets.
    """
    if a.dim() != 2 or b.dim() != 2 or a.shape[1] != b.shape[1]:
        raise ValueError(
            f"energy_distance expects (N, C) and (M, C), "
            f"got {tuple(a.shape)} and {tuple(b.shape)}"
        )
    ab = torch.cdist(a, b).mean()
    aa = torch.cdist(a, a).mean()
    bb = torch.cdist(b, b).mean()
    return (2 * ab - aa - bb).item()
