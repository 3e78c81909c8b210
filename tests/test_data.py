import pytest
import torch

from dlbook.data import load_digits, loader, split

pytestmark = pytest.mark.lesson


def test_digits_shapes_and_range():
    X, y = load_digits()
    assert X.shape == (1797, 1, 8, 8) and y.shape == (1797,)
    assert X.min() >= 0 and X.max() <= 1 and set(y.tolist()) == set(range(10))
    assert load_digits(flatten=True)[0].shape == (1797, 64)


def test_split_is_stratified_seeded_and_disjoint():
    X, y = load_digits(flatten=True)
    s = split(X, y, val=0.15, test=0.15, seed=0)
    assert sum(s.sizes()) == 1797
    assert abs(s.sizes()[2] - 0.15 * 1797) < 2
    for part_X, part_y in s:
        counts = torch.bincount(part_y, minlength=10).float() / len(part_y)
        assert (counts - torch.bincount(y).float() / len(y)).abs().max() < 0.02
    again = split(X, y, seed=0)
    assert torch.equal(again.test[1], s.test[1])
    # every example lands in exactly one part
    assert torch.equal(torch.bincount(torch.cat([part_y for _, part_y in s])), torch.bincount(y))


@pytest.mark.parametrize("kwargs, message", [
    (dict(val=0.0), r"val must be a fraction in \(0, 1\), got 0.0"),
    (dict(val=0.6, test=0.5), "must leave data for training"),
])
def test_split_rejects_bad_fractions(kwargs, message):
    X, y = load_digits(flatten=True)
    with pytest.raises(ValueError, match=message):
        split(X, y, **kwargs)


def test_split_and_loader_check_lengths():
    with pytest.raises(ValueError, match="same length, got 3 and 2"):
        split(torch.zeros(3, 2), torch.zeros(2))
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        loader(torch.zeros(3, 2), torch.zeros(3), batch_size=0)


def test_loader_shuffle_is_seeded():
    X, y = torch.arange(20.0).unsqueeze(1), torch.arange(20)
    first = lambda seed: next(iter(loader(X, y, batch_size=5, shuffle=True, seed=seed)))[1]  # noqa: E731
    assert torch.equal(first(1), first(1)) and not torch.equal(first(1), first(2))


def test_digit_features_are_row_column_quadrant_and_symmetry():
    from dlbook.data import digit_features

    X = torch.zeros(2, 1, 8, 8)
    X[0, 0, 0, :] = 1.0  # a full top row
    X[1, 0, :, 0] = 1.0  # a full left column
    F = digit_features(X)
    assert F.shape == (2, 22)
    torch.testing.assert_close(F[0, :8], torch.tensor([1.0] + [0.0] * 7))  # rows
    torch.testing.assert_close(F[1, 8:16], torch.tensor([1.0] + [0.0] * 7))  # columns
    torch.testing.assert_close(F[0, 16:20], torch.tensor([0.25, 0.25, 0.0, 0.0]))
    # a top row is left-right symmetric but not top-bottom symmetric
    assert F[0, 20].item() == 0.0 and F[0, 21].item() == pytest.approx(16 / 64)
    with pytest.raises(ValueError, match=r"images of shape \(N, 1, 8, 8\), got \(2, 64\)"):
        digit_features(torch.zeros(2, 64))
