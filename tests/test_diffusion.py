import pytest
import torch

from dlbook import seed_everything
from dlbook.diffusion import (Denoiser, ddpm_loss, energy_distance,
                              linear_schedule, p_step, q_sample, q_step,
                              sample, train_ddpm, two_moons)

pytestmark = pytest.mark.lesson


def test_schedule_values():
    s = linear_schedule(1000)  # the paper's schedule
    assert s.T == 1000
    assert s.betas[0].item() == pytest.approx(1e-4)
    assert s.betas[-1].item() == pytest.approx(0.02)
    torch.testing.assert_close(s.alphas, 1 - s.betas, atol=0, rtol=0)
    assert s.alpha_bars[0].item() == pytest.approx(1 - 1e-4)
    ref = torch.tensor([torch.prod(1 - s.betas[:t]).item()
                        for t in (1, 10, 500)])
    torch.testing.assert_close(s.alpha_bars[[0, 9, 499]], ref, atol=1e-6,
                               rtol=1e-4)
    assert s.alpha_bars[-1].item() < 1e-4  # x_T is noise


def test_closed_form_equals_chain_with_zero_noise_and_in_distribution():
    s = linear_schedule(100, beta_T=0.1)
    x0 = torch.tensor([[2.0, -1.0]])
    x = x0
    for t in range(1, 31):  # with eps = 0 the chain scales by sqrt(alpha_t)
        x = q_step(x, torch.tensor([t]), torch.zeros_like(x0), s)
    torch.testing.assert_close(
        x, q_sample(x0, torch.tensor([30]), torch.zeros_like(x0), s),
        atol=1e-6, rtol=0)
    # with noise: same mean and variance (20,000 copies, 3 sigma bounds)
    seed_everything(0)
    X0 = x0.repeat(20000, 1)
    x = X0
    for t in range(1, 31):
        x = q_step(x, torch.full((20000,), t), torch.randn_like(X0), s)
    abar = s.alpha_bars[29]
    torch.testing.assert_close(x.mean(0), abar.sqrt() * x0[0], atol=0.03,
                               rtol=0)
    torch.testing.assert_close(x.var(0), (1 - abar).expand(2), atol=0.03,
                               rtol=0)


def test_q_sample_is_the_formula():
    s = linear_schedule(10, beta_T=0.2)
    x0, eps = torch.randn(4, 3), torch.randn(4, 3)
    t = torch.tensor([1, 3, 5, 10])
    abar = s.alpha_bars[t - 1][:, None]
    torch.testing.assert_close(q_sample(x0, t, eps, s),
                               abar.sqrt() * x0 + (1 - abar).sqrt() * eps,
                               atol=1e-6, rtol=0)


class Oracle(torch.nn.Module):
    """Knows the noise: for data that is always 0, eps = x_t / sqrt(1-abar)."""

    def __init__(self, s):
        super().__init__()
        self.s = s

    def forward(self, x, t):
        return x / (1 - self.s.alpha_bars[t - 1])[:, None].sqrt()


def test_reverse_step_with_perfect_noise_prediction_recovers_the_data():
    s = linear_schedule(50, beta_T=0.2)
    oracle = Oracle(s)
    x0, _ = sample(oracle, (100, 2), s, keep=(50, 25, 0),
                   generator=torch.Generator().manual_seed(0))
    # data is the single point 0: the last (noise-free) step lands on it
    torch.testing.assert_close(x0, torch.zeros(100, 2), atol=1e-4, rtol=0)
    x1 = torch.randn(3, 2)
    mean = p_step(oracle, x1, 1, s)  # t = 1 adds no noise
    beta, abar = s.betas[0], s.alpha_bars[0]
    expected = (x1 - beta / (1 - abar).sqrt() * x1 / (1 - abar).sqrt()) \
        / (1 - beta).sqrt()
    torch.testing.assert_close(mean, expected, atol=1e-6, rtol=0)


def test_loss_denoiser_and_training():
    seed_everything(0)
    s = linear_schedule(20, beta_T=0.3)
    model = Denoiser(2, T=20, num_hiddens=32)
    X = torch.randn(64, 2) * 0.1 + 1.0
    assert model(X, torch.full((64,), 3)).shape == (64, 2)
    loss = ddpm_loss(model, X, s)
    assert loss.shape == () and loss.item() > 0
    history = train_ddpm(model, X, s, num_steps=150, lr=1e-2, batch_size=64)
    losses = history.train_loss
    assert history.unit == "step" and len(history) == 150
    assert sum(losses[-20:]) / 20 < sum(losses[:20]) / 20


def test_energy_distance():
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(300, 2, generator=gen)
    b = torch.randn(300, 2, generator=gen)
    assert energy_distance(a, a) == pytest.approx(0.0, abs=1e-6)
    assert energy_distance(a, b) == pytest.approx(energy_distance(b, a),
                                                  abs=1e-6)
    assert energy_distance(a, b + 1.0) > 10 * energy_distance(a, b)
    # 1-D: equals 2 * integral (F - G)^2 dx; for two points {0} vs {1}: 2
    assert energy_distance(torch.zeros(1, 1), torch.ones(1, 1)) == \
        pytest.approx(2.0)


def test_two_moons_is_standardised_and_seeded():
    X = two_moons(2000, seed=0)
    assert X.shape == (2000, 2)
    torch.testing.assert_close(X.mean(0), torch.zeros(2), atol=1e-5, rtol=0)
    torch.testing.assert_close(X.std(0), torch.ones(2), atol=1e-5, rtol=0)
    torch.testing.assert_close(two_moons(5, seed=3), two_moons(5, seed=3),
                               atol=0, rtol=0)
    assert not torch.equal(two_moons(5, seed=3), two_moons(5, seed=4))
    with pytest.raises(ValueError, match="n must be >= 1"):
        two_moons(0)


def test_clear_errors():
    s = linear_schedule(10)
    with pytest.raises(ValueError, match="T must be a positive int"):
        linear_schedule(0)
    with pytest.raises(ValueError, match="need 0 < beta_1 <= beta_T < 1"):
        linear_schedule(10, beta_1=0.5, beta_T=0.1)
    with pytest.raises(ValueError, match=r"t must be in 1..10"):
        q_sample(torch.zeros(2, 2), torch.tensor([0, 1]), torch.zeros(2, 2), s)
    with pytest.raises(ValueError, match=r"t must have shape \(2,\)"):
        q_step(torch.zeros(2, 2), torch.tensor([1]), torch.zeros(2, 2), s)
    with pytest.raises(ValueError, match="noise must have the shape of x0"):
        q_sample(torch.zeros(2, 2), torch.tensor([1, 1]), torch.zeros(2, 3), s)
    with pytest.raises(ValueError, match=r"expects x of shape \(B, 2\)"):
        Denoiser(2, T=10)(torch.zeros(3, 4), torch.ones(3, dtype=torch.long))
    with pytest.raises(ValueError, match="energy_distance expects"):
        energy_distance(torch.zeros(3, 2), torch.zeros(3, 3))
