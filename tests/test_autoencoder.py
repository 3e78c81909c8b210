import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.models import MLP
from dlbook.autoencoder import (AutoEncoder, corrupt, reconstruction_error,
                                train_autoencoder)

pytestmark = pytest.mark.lesson


def test_shapes_and_halves():
    model = AutoEncoder(64, 3, num_hiddens=16)
    X = torch.rand(5, 1, 8, 8)  # images are flattened
    assert model.encode(X).shape == (5, 3)
    assert model(X).shape == (5, 64)
    assert model.decode(torch.zeros(5, 3)).shape == (5, 64)
    out = model(X)
    assert out.min() >= 0 and out.max() <= 1  # sigmoid output, like pixels
    torch.testing.assert_close(out, model.decode(model.encode(X)), atol=0,
                               rtol=0)


def test_both_halves_are_the_book_mlp_and_match_torch():
    torch.manual_seed(0)
    model = AutoEncoder(6, 2, num_hiddens=4)
    torch.manual_seed(0)  # nn.Linear layers drawn in the same order
    ref = nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 2),
                        nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 6), nn.Sigmoid())
    assert isinstance(model.encoder, MLP) and isinstance(model.decoder[0], MLP)
    for a, b in zip(model.parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(a, b, atol=0, rtol=0)
    X = torch.rand(5, 6)
    torch.testing.assert_close(model(X), ref(X), atol=1e-6, rtol=0)


def test_reconstruction_error_matches_mse_loss_and_its_gradient():
    seed_everything(0)
    a = torch.rand(7, 64, requires_grad=True)
    b = torch.rand(7, 64)
    ours = reconstruction_error(a, b)
    ours.backward()
    g = a.grad.clone()
    a.grad = None
    ref = F.mse_loss(a, b)
    ref.backward()
    torch.testing.assert_close(ours, ref, atol=1e-7, rtol=0)
    torch.testing.assert_close(g, a.grad, atol=1e-7, rtol=0)


def test_training_lowers_the_error_below_the_mean_image():
    seed_everything(0)
    X = torch.rand(200, 64).round()  # random binary images
    X[:100, :32] = 1.0  # two kinds of image: a code can tell them apart
    model = AutoEncoder(64, 4, num_hiddens=32)
    history = train_autoencoder(model, X, num_epochs=20, lr=1e-2)
    losses = history.train_loss
    assert history.epochs == 20 and losses[-1] < losses[0]
    with torch.no_grad():
        err = reconstruction_error(model(X), X).item()
    baseline = reconstruction_error(X.mean(0).expand_as(X), X).item()
    assert err < baseline


def test_corrupt_is_seeded_and_clipped():
    X = torch.full((3, 64), 0.5)
    a = corrupt(X, 0.3, generator=torch.Generator().manual_seed(1))
    b = corrupt(X, 0.3, generator=torch.Generator().manual_seed(1))
    torch.testing.assert_close(a, b, atol=0, rtol=0)
    assert a.min() >= 0 and a.max() <= 1 and not torch.equal(a, X)
    torch.testing.assert_close(corrupt(X, 0.0), X, atol=0, rtol=0)


def test_clear_errors():
    model = AutoEncoder(64, 2)
    with pytest.raises(ValueError, match=r"expects input of shape \(B, 64\), "
                                         r"got \(2, 10\)"):
        model(torch.zeros(2, 10))
    with pytest.raises(ValueError, match="code_dim must be a positive int"):
        AutoEncoder(64, 0)
    with pytest.raises(ValueError, match="same shape"):
        reconstruction_error(torch.zeros(2, 3), torch.zeros(3, 2))
    with pytest.raises(ValueError, match="noise must be >= 0"):
        corrupt(torch.zeros(2), -1.0)
    with pytest.raises(ValueError, match="num_epochs must be a positive int"):
        train_autoencoder(model, torch.zeros(4, 64), num_epochs=0)

