import pytest
import torch

from dlbook import seed_everything
from dlbook.conditional import ConditionalDenoiser, Guided, sample_labels
from dlbook.conditional import train_conditional
from dlbook.diffusion import Denoiser, linear_schedule

pytestmark = pytest.mark.lesson


def _model():
    seed_everything(0)
    return ConditionalDenoiser(4, T=10, num_classes=3, num_hiddens=16).eval()


def test_the_label_changes_the_predicted_noise():
    model = _model()
    x, t = torch.randn(5, 4), torch.full((5,), 3)
    with torch.no_grad():
        a = model(x, t, torch.zeros(5, dtype=torch.long))
        b = model(x, t, torch.ones(5, dtype=torch.long))
    assert a.shape == (5, 4)
    assert (a - b).abs().max() > 1e-3


def test_without_the_label_embedding_it_is_the_unconditional_denoiser():
    model = _model()
    plain = Denoiser(4, T=10, num_hiddens=16).eval()
    plain.load_state_dict(
        {k: v for k, v in model.state_dict().items() if not k.startswith("label")})
    with torch.no_grad():
        model.label.weight.zero_()
        x, t = torch.randn(5, 4), torch.full((5,), 7)
        torch.testing.assert_close(model(x, t, torch.zeros(5, dtype=torch.long)),
                                   plain(x, t), atol=1e-6, rtol=0)


def test_guidance_is_the_classifier_free_formula():
    model = _model()
    x, t = torch.randn(6, 4), torch.full((6,), 5)
    c = torch.tensor([0, 1, 2, 0, 1, 2])
    none = torch.full((6,), 3)
    with torch.no_grad():
        eps_c, eps_u = model(x, t, c), model(x, t, none)
        torch.testing.assert_close(Guided(model, c)(x, t), eps_c)
        torch.testing.assert_close(Guided(model, c, guidance=2.5)(x, t),
                                   3.5 * eps_c - 2.5 * eps_u, atol=1e-6, rtol=0)


def test_training_lowers_the_loss_and_sampling_gives_one_row_per_label():
    seed_everything(0)
    X = torch.cat([torch.full((64, 4), -1.0), torch.full((64, 4), 1.0)])
    y = torch.cat([torch.zeros(64), torch.ones(64)]).long()
    schedule = linear_schedule(20, beta_T=0.3)
    model = ConditionalDenoiser(4, T=20, num_classes=2, num_hiddens=32)
    history = train_conditional(model, X, y, schedule, num_steps=300,
                                batch_size=64)
    losses = history.train_loss
    assert history.unit == "step" and len(losses) == len(history) == 300
    assert sum(losses[-30:]) / 30 < 0.7 * sum(losses[:30]) / 30
    labels = torch.tensor([0] * 20 + [1] * 20)
    out = sample_labels(model, labels, schedule, guidance=1.0,
                        generator=torch.Generator().manual_seed(0))
    assert out.shape == (40, 4)
    # asked for class 0 (all -1) or class 1 (all +1): the signs follow the label
    assert (out[:20].mean(1) < 0).float().mean() >= 0.9
    assert (out[20:].mean(1) > 0).float().mean() >= 0.9


def test_bad_labels_are_explained():
    model = _model()
    x, t = torch.randn(2, 4), torch.full((2,), 1)
    with pytest.raises(ValueError, match=r"labels must be in 0\.\.3"):
        model(x, t, torch.tensor([0, 4]))
    with pytest.raises(ValueError, match=r"labels c must be \(2,\) int64"):
        model(x, t, torch.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"guidance must be >= 0"):
        Guided(model, torch.tensor([0, 1]), guidance=-1.0)
    with pytest.raises(ValueError, match=r"p_uncond"):
        train_conditional(model, x, torch.tensor([0, 1]), linear_schedule(10),
                          num_steps=1, p_uncond=1.0)
