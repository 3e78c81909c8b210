import copy
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

from dlbook import seed_everything
from dlbook.optim import SGD, Adam, loss_curve, warmup_cosine

pytestmark = pytest.mark.lesson

CASES = {
    "sgd": (lambda p: SGD(p, lr=0.1), lambda p: torch.optim.SGD(p, lr=0.1)),
    "momentum": (lambda p: SGD(p, lr=0.05, momentum=0.9),
                 lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    "adam": (lambda p: Adam(p, lr=0.01), lambda p: torch.optim.Adam(p, lr=0.01)),
    "adam_betas": (lambda p: Adam(p, lr=0.003, betas=(0.8, 0.99), eps=1e-6),
                   lambda p: torch.optim.Adam(p, lr=0.003, betas=(0.8, 0.99), eps=1e-6)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_parameter_trajectory_matches_torch_optim_step_by_step(name):
    ours, theirs = CASES[name]
    seed_everything(0)
    start = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3))
    X, y = torch.randn(16, 6), torch.randint(3, (16,))
    a, b = copy.deepcopy(start), copy.deepcopy(start)
    opt_a, opt_b = ours(a.parameters()), theirs(b.parameters())
    for _ in range(8):
        for model, opt in ((a, opt_a), (b, opt_b)):
            opt.zero_grad()
            F.cross_entropy(model(X), y).backward()
            opt.step()
        for p, q in zip(a.parameters(), b.parameters()):
            torch.testing.assert_close(p, q, atol=1e-6, rtol=0)
    moved = sum((p - q).abs().sum().item()
                for p, q in zip(a.parameters(), start.parameters()))
    assert moved > 0.01  # the trajectory really went somewhere


def test_sgd_step_is_lr_times_gradient_and_momentum_accumulates():
    p = nn.Parameter(torch.tensor([1.0]))
    opt = SGD([p], lr=0.1, momentum=0.5)
    for expected in (1.0 - 0.1 * 2, 0.8 - 0.1 * 3, 0.5 - 0.1 * 3.5):
        p.grad = torch.tensor([2.0])  # a constant gradient
        opt.step()
        assert p.item() == pytest.approx(expected)


def test_adam_first_step_is_lr_whatever_the_gradient_scale():
    for scale in (1e-2, 1.0, 1e4):
        p = nn.Parameter(torch.zeros(3))
        opt = Adam([p], lr=0.01)
        p.grad = torch.tensor([1.0, -2.0, 0.5]) * scale
        opt.step()
        torch.testing.assert_close(p.detach(), torch.tensor([-0.01, 0.01, -0.01]),
                                   atol=1e-6, rtol=0)


def test_parameters_without_gradient_are_left_alone():
    a, b = nn.Parameter(torch.ones(2)), nn.Parameter(torch.ones(2))
    opt = Adam([a, b], lr=0.1)
    a.grad = torch.ones(2)
    opt.step()
    assert torch.equal(b.detach(), torch.ones(2)) and not torch.equal(a.detach(), torch.ones(2))


@pytest.mark.parametrize("warmup, total, min_factor", [(10, 100, 0.0), (5, 50, 0.1), (0, 20, 0.0)])
def test_warmup_cosine_equals_torch_sequential_lr(warmup, total, min_factor):
    lr = 0.3
    opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=lr)
    cosine = CosineAnnealingLR(opt, T_max=total - warmup, eta_min=lr * min_factor)
    if warmup > 1:
        sched = SequentialLR(opt, [LinearLR(opt, start_factor=1 / warmup,
                                            total_iters=warmup - 1), cosine],
                             milestones=[warmup])
    else:
        sched = cosine
    for t in range(total):
        ours = lr * warmup_cosine(t, warmup_steps=warmup, total_steps=total,
                                  min_factor=min_factor)
        assert ours == pytest.approx(opt.param_groups[0]["lr"], abs=1e-9)
        opt.step()
        sched.step()


def test_warmup_cosine_shape():
    f = [warmup_cosine(t, warmup_steps=5, total_steps=25) for t in range(30)]
    assert f[0] == pytest.approx(0.2) and f[4] == 1.0 and f[5] == 1.0
    assert all(x >= y for x, y in zip(f[5:], f[6:]))  # never rises after warm-up
    assert f[25] == pytest.approx(0.0, abs=1e-12) and f[29] == f[25]


@pytest.mark.parametrize("kwargs, match", [
    ({"warmup_steps": 10, "total_steps": 10}, "warmup_steps < total_steps"),
    ({"warmup_steps": -1, "total_steps": 10}, "warmup_steps"),
])
def test_warmup_cosine_rejects_bad_steps(kwargs, match):
    with pytest.raises(ValueError, match=match):
        warmup_cosine(0, **kwargs)


def test_optimizers_reject_bad_hyperparameters():
    p = [nn.Parameter(torch.zeros(1))]
    with pytest.raises(ValueError, match="lr must be a positive"):
        SGD(p, lr=0)
    with pytest.raises(ValueError, match="momentum"):
        SGD(p, lr=0.1, momentum=1.0)
    with pytest.raises(ValueError, match="betas"):
        Adam(p, lr=0.1, betas=(0.9, 1.0))


def test_loss_curve_learns_and_reports_divergence():
    seed_everything(0)
    X = torch.randn(200, 4)
    y = (X[:, 0] > 0).long()
    model = nn.Linear(4, 2)
    history = loss_curve(model, X, y, SGD(model.parameters(), lr=0.5), num_steps=100)
    losses = history.train_loss
    assert history.unit == "step" and len(losses) == len(history) == 100
    assert losses[-1] < 0.5 * losses[0]
    big = nn.Linear(4, 2)
    bad = loss_curve(big, X, y, SGD(big.parameters(), lr=1e38), num_steps=50).train_loss
    assert len(bad) == 50 and math.isinf(bad[1]) and math.isnan(bad[-1])
    with pytest.raises(ValueError, match="equal length"):
        loss_curve(model, X, y[:10], SGD(model.parameters(), lr=0.1), num_steps=1)


def test_outcome_names_each_kind_of_run():
    from dlbook.optim import outcome

    flat = [2.3] * 300
    assert outcome(flat) == "slow"
    assert outcome([2.3] + [0.1] * 299) == "converged"
    assert outcome([2.3, 3.0] + [0.1] * 298) == "unstable"  # rose 30 %
    assert outcome([2.3, 2.5] + [0.1] * 298) == "converged"  # rose under 10 %
    assert outcome([2.3, 500.0] + [2.3] * 298) == "diverged"
    assert outcome([2.3, float("nan")] + [float("nan")] * 298) == "diverged"
    with pytest.raises(ValueError, match="at least 50 losses, got 3"):
        outcome([1.0, 1.0, 1.0])
