import pytest
import torch
from torch import nn

from dlbook.recommend import (MatrixFactorization, Ratings, fit_mf,
                              item_mean_baseline, make_ratings, rmse)

pytestmark = pytest.mark.lesson


def test_forward_matches_nn_embedding():
    torch.manual_seed(0)
    model = MatrixFactorization(7, 5, num_factors=3, mu=3.5)
    with torch.no_grad():
        model.user_bias.copy_(torch.randn(7))
        model.item_bias.copy_(torch.randn(5))
    P, Q = nn.Embedding(7, 3), nn.Embedding(5, 3)
    bu, bi = nn.Embedding(7, 1), nn.Embedding(5, 1)
    with torch.no_grad():
        P.weight.copy_(model.P)
        Q.weight.copy_(model.Q)
        bu.weight.copy_(model.user_bias.reshape(7, 1))
        bi.weight.copy_(model.item_bias.reshape(5, 1))
    users = torch.tensor([0, 6, 3, 3, 1])
    items = torch.tensor([4, 0, 2, 2, 1])
    expected = (3.5 + bu(users).squeeze(1) + bi(items).squeeze(1)
                + (P(users) * Q(items)).sum(1))
    got = model(users, items)
    assert got.shape == (5,)
    torch.testing.assert_close(got, expected, atol=1e-6, rtol=0)


def test_gradients_match_nn_embedding():
    torch.manual_seed(1)
    model = MatrixFactorization(4, 4, num_factors=2)
    P, Q = nn.Embedding(4, 2), nn.Embedding(4, 2)
    with torch.no_grad():
        P.weight.copy_(model.P)
        Q.weight.copy_(model.Q)
    users, items = torch.tensor([0, 1, 1]), torch.tensor([2, 3, 2])
    model(users, items).sum().backward()
    (P(users) * Q(items)).sum().backward()
    torch.testing.assert_close(model.P.grad, P.weight.grad, atol=1e-6, rtol=0)
    torch.testing.assert_close(model.Q.grad, Q.weight.grad, atol=1e-6, rtol=0)


def test_make_ratings_is_seeded_and_shaped():
    a = make_ratings(50, 40, density=0.2, seed=3)
    b = make_ratings(50, 40, density=0.2, seed=3)
    assert torch.equal(a.ratings, b.ratings)
    assert a.users.shape == a.items.shape == a.ratings.shape
    assert 0.15 < len(a) / (50 * 40) < 0.25
    assert int(a.users.max()) < 50 and int(a.items.max()) < 40
    train, test = a.split(test=0.25, seed=0)
    assert len(train) + len(test) == len(a)
    assert len(test) == len(a) - int(len(a) * 0.75)


def test_item_mean_baseline():
    r = Ratings(torch.tensor([0, 1, 0]), torch.tensor([0, 0, 1]),
                torch.tensor([4.0, 2.0, 5.0]), num_users=2, num_items=3)
    torch.testing.assert_close(item_mean_baseline(r),
                               torch.tensor([3.0, 5.0, 11 / 3]),
                               atol=1e-6, rtol=0)


def test_mf_beats_popularity():
    torch.manual_seed(0)
    train, test = make_ratings(120, 80, density=0.25, seed=0).split()
    model = MatrixFactorization(120, 80, num_factors=4,
                                mu=train.ratings.mean().item())
    losses = fit_mf(model, train, num_epochs=150).train_loss
    assert losses[-1] < losses[0]
    with torch.no_grad():
        mf = rmse(model(test.users, test.items), test.ratings)
    pop = rmse(item_mean_baseline(train)[test.items], test.ratings)
    assert mf < 0.8 * pop


def test_errors():
    with pytest.raises(ValueError, match="must be >= 1, got 0, 3, 2"):
        MatrixFactorization(0, 3, 2)
    model = MatrixFactorization(3, 3, 2)
    with pytest.raises(ValueError, match=r"items ids must be in \[0, 3\), got \[0, 5\]"):
        model(torch.tensor([0, 1]), torch.tensor([0, 5]))
    with pytest.raises(ValueError, match="users must be a 1-D tensor of int64"):
        model(torch.tensor([0.0]), torch.tensor([0]))
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        rmse(torch.zeros(2), torch.zeros(3))
    with pytest.raises(ValueError, match=r"density must be in \(0, 1\], got 0"):
        make_ratings(density=0)
    with pytest.raises(ValueError, match="num_epochs must be a positive int, got 0"):
        fit_mf(model, make_ratings(3, 3, density=1), num_epochs=0)
    with pytest.raises(ValueError, match=r"test must be in \(0, 1\), got 1"):
        make_ratings(3, 3, density=1).split(test=1)
