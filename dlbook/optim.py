"""Optimizers and a learning-rate schedule, written out by hand.

Every optimizer does the same thing: read each parameter's gradient and
move the parameter a little against it.  They differ only in *how far* and
*in which direction* they step:

* ``SGD``: a fixed multiple of the gradient (optionally with momentum, a
  running sum of past gradients that smooths the zig-zag of noisy steps);
* ``Adam``: divides each coordinate's step by a running estimate of that
  coordinate's gradient size, so every weight moves at about the same speed.

They subclass ``torch.optim.Optimizer``, so they plug into ``fit``, into
torch's schedulers and into ``state_dict`` like the built-in ones, and
``tests/test_optim.py`` checks that they trace the same parameter
trajectories as ``torch.optim.SGD`` and ``torch.optim.Adam``.

``warmup_cosine`` is the schedule most Transformers train with; ``loss_curve``
trains a model for a fixed number of mini-batch steps and returns a
``History`` with the loss of every step, the measurement the optimisation
page plots.

Taught on the page "Optimisation / 优化算法".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import torch
from torch import nn

from dlbook.train import History, check_training_args

Params = Iterable[torch.Tensor] | Iterable[dict]


def _check_lr(lr: float) -> None:
    if not isinstance(lr, (int, float)) or not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr!r}")


class SGD(torch.optim.Optimizer):
    """Stochastic gradient descent, with optional (heavy-ball) momentum.

    Without momentum: ``p <- p - lr * g``.  With momentum ``mu`` a velocity
    ``v`` remembers past gradients, ``v <- mu * v + g`` and ``p <- p - lr * v``
    (Polyak 1964; the form ``torch.optim.SGD`` uses).  Where successive
    gradients agree, ``v`` grows up to ``g / (1 - mu)``, ten times the plain
    step for ``mu = 0.9``; where they flip sign (a narrow valley) they cancel.
    """

    def __init__(self, params: Params, lr: float, *, momentum: float = 0.0) -> None:
        _check_lr(lr)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        super().__init__(params, {"lr": lr, "momentum": momentum})

    @torch.no_grad()
    def step(self, closure: Callable[[], torch.Tensor] | None = None):
        loss = None if closure is None else torch.enable_grad()(closure)()
        for group in self.param_groups:
            lr, mu = group["lr"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad
                if mu > 0:
                    state = self.state[p]
                    if "velocity" not in state:  # first step: v = g
                        state["velocity"] = g.clone()
                    else:
                        state["velocity"].mul_(mu).add_(g)  # v = mu*v + g
                    g = state["velocity"]
                p.sub_(lr * g)
        return loss


class Adam(torch.optim.Optimizer):
    """Adam (Kingma & Ba 2015): momentum plus a per-coordinate step size.

    ``m`` is a running mean of the gradient, ``v`` of its square::

        m <- b1 * m + (1 - b1) * g
        v <- b2 * v + (1 - b2) * g**2
        p <- p - lr * m_hat / (sqrt(v_hat) + eps)

    ``m_hat = m / (1 - b1**t)`` and ``v_hat = v / (1 - b2**t)`` undo the pull
    towards 0 of the zero start (without it the first steps would be tiny).
    Dividing by ``sqrt(v_hat)`` makes the step about ``lr`` in every
    coordinate whatever the gradient's scale, which is why one ``lr`` (often
    1e-3) works for many models.
    """

    def __init__(self, params: Params, lr: float = 1e-3, *,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        _check_lr(lr)
        if not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"betas must be in [0, 1), got {betas!r}")
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps})

    @torch.no_grad()
    def step(self, closure: Callable[[], torch.Tensor] | None = None):
        loss = None if closure is None else torch.enable_grad()(closure)()
        for group in self.param_groups:
            lr, (b1, b2), eps = group["lr"], group["betas"], group["eps"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g, state = p.grad, self.state[p]
                if not state:
                    state["t"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["v"] = torch.zeros_like(p)
                state["t"] += 1
                t, m, v = state["t"], state["m"], state["v"]
                m.mul_(b1).add_((1 - b1) * g)
                v.mul_(b2).add_((1 - b2) * g * g)
                m_hat = m / (1 - b1**t)
                v_hat = v / (1 - b2**t)
                p.sub_(lr * m_hat / (v_hat.sqrt() + eps))
        return loss


def warmup_cosine(step: int, *, warmup_steps: int, total_steps: int,
                  min_factor: float = 0.0) -> float:
    """The factor that multiplies the peak ``lr`` at ``step`` (0-based).

    * Warm-up, steps ``0 .. warmup_steps - 1``: rises linearly from
      ``1 / warmup_steps`` to 1.  Adam's ``v`` is still a poor estimate in
      the first steps, and large early steps can throw a fresh network into a
      bad region; starting small avoids both (Goyal et al. 2017).
    * Cosine decay, from ``warmup_steps`` to ``total_steps``: falls from 1 to
      ``min_factor`` along half a cosine (Loshchilov & Hutter 2017).  Small
      late steps let the weights settle in a minimum instead of bouncing
      around it at the noise level the peak ``lr`` allows.

    Use it with ``torch.optim.lr_scheduler.LambdaLR``.
    """
    if not 0 <= warmup_steps < total_steps:
        raise ValueError(f"need 0 <= warmup_steps < total_steps, "
                         f"got {warmup_steps} and {total_steps}")
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
    return min_factor + (1 - min_factor) * 0.5 * (1 + math.cos(math.pi * progress))


def loss_curve(
    model: nn.Module,
    X: torch.Tensor,
    y: torch.Tensor,
    optimizer: torch.optim.Optimizer,
    *,
    num_steps: int,
    batch_size: int = 64,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    loss_fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = nn.functional.cross_entropy,
    seed: int = 0,
) -> History:
    """Train for ``num_steps`` mini-batch steps; return a ``History`` of
    steps whose ``train_loss`` is every step's loss.

    The batches come from a seeded generator, so two optimizers given the
    same model copy and ``seed`` see exactly the same batches: a difference
    in their curves is the optimizer's.  ``scheduler`` (if given) is stepped
    after every step.  A loss that becomes ``inf`` or ``nan`` (divergence)
    is recorded and training stops, the rest of the curve being ``nan``.
    """
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"X and y must be non-empty and of equal length, "
                         f"got {len(X)} and {len(y)}")
    check_training_args(num_steps=num_steps, batch_size=batch_size, seed=seed)
    g = torch.Generator().manual_seed(seed)
    model.train()
    history = History(unit="step")
    for step in range(num_steps):
        idx = torch.randint(len(X), (batch_size,), generator=g)  # (B,)
        loss = loss_fn(model(X[idx]), y[idx])
        history.log(train_loss=loss.item())
        if not math.isfinite(history.train_loss[-1]):
            for _ in range(step + 1, num_steps):
                history.log(train_loss=math.nan)
            return history
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
    return history


def outcome(losses: list[float]) -> str:
    """What a training run did, in one word: ``"diverged"``, ``"unstable"``,
    ``"slow"`` or ``"converged"``.

    A run on the edge of stability turns the rounding errors of its first
    steps into a different ending: the same code finishes with a loss of 1.0
    on one CPU and 1.4 on another.  Its *kind* of ending does not change, so
    the optimisation page prints this word beside each number.

    * ``diverged``: some batch's loss exceeded 100 times the first (or
      became ``inf``/``nan``);
    * ``unstable``: the loss rose more than 10 % above where it started;
    * ``slow``: it never rose, but the last 50 steps average more than
      90 % of the first loss;
    * ``converged``: it never rose and fell below that.
    """
    if len(losses) < 50:
        raise ValueError(f"need at least 50 losses, got {len(losses)}")
    first, last = losses[0], sum(losses[-50:]) / 50
    if not all(math.isfinite(x) for x in losses) or max(losses) > 100 * first:
        return "diverged"
    if max(losses) > 1.1 * first:
        return "unstable"
    return "slow" if last > 0.9 * first else "converged"
