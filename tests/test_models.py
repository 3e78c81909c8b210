import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.models import MLP, DigitsCNN, RandomShift, train_digits_cnn

pytestmark = pytest.mark.lesson


def test_mlp_matches_linear_layers_with_copied_weights():
    seed_everything(0)
    mlp = MLP(6, [5, 4], 3)
    ref = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    with torch.no_grad():
        for ours, theirs in zip(mlp.layers, [ref[0], ref[2], ref[4]]):
            theirs.weight.copy_(ours.weight)
            theirs.bias.copy_(ours.bias)
    X = torch.randn(7, 6)
    torch.testing.assert_close(mlp(X), ref(X), atol=1e-6, rtol=0)
    assert mlp(X).shape == (7, 3)
    assert sum(p.numel() for p in mlp.parameters()) == sum(p.numel() for p in ref.parameters())


def test_mlp_gradients_match_too():
    seed_everything(1)
    mlp = MLP(4, [8], 2, activation="tanh")
    ref = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
    with torch.no_grad():
        for ours, theirs in zip(mlp.layers, [ref[0], ref[2]]):
            theirs.weight.copy_(ours.weight)
            theirs.bias.copy_(ours.bias)
    X = torch.randn(5, 4)
    mlp(X).square().sum().backward()
    ref(X).square().sum().backward()
    torch.testing.assert_close(mlp.layers[0].weight.grad, ref[0].weight.grad, atol=1e-6, rtol=0)


def test_digits_cnn_shapes_and_parameter_count():
    model = DigitsCNN()
    assert model(torch.zeros(3, 1, 8, 8)).shape == (3, 10)
    # conv 1->16 (160) + conv 16->32 (4640) + linear 512->64 (32832) + 64->10 (650)
    assert sum(p.numel() for p in model.parameters()) == 160 + 4640 + 32832 + 650


def test_random_shift_moves_pixels_only_in_training():
    shift = RandomShift(1)
    X = torch.zeros(64, 1, 8, 8)
    X[:, 0, 3, 4] = 1.0
    shift.eval()
    assert torch.equal(shift(X), X)
    shift.train()
    torch.manual_seed(0)
    out = shift(X)
    assert out.shape == X.shape and torch.equal(out.sum(dim=(1, 2, 3)), torch.ones(64))
    where = out[:, 0].flatten(1).argmax(dim=1)  # (B,) flat index of the pixel
    rows, cols = where // 8, where % 8
    assert set(rows.tolist()) == {2, 3, 4} and set(cols.tolist()) == {3, 4, 5}


def test_clear_errors():
    with pytest.raises(ValueError, match=r"images of shape \(B, 1, 8, 8\), got \(2, 64\)"):
        DigitsCNN()(torch.zeros(2, 64))
    with pytest.raises(ValueError, match="hidden_sizes must be a list of positive ints, got 5"):
        MLP(3, 5, 2)
    with pytest.raises(ValueError, match=r"Dense expects input of shape \(\.\.\., 3\), got \(2, 4\)"):
        MLP(3, [5], 2)(torch.zeros(2, 4))
    with pytest.raises(ValueError, match="pixels must be a non-negative int"):
        RandomShift(-1)


def test_train_digits_cnn_returns_model_history_and_splits(tmp_path):
    model, history, splits = train_digits_cnn(num_epochs=1, checkpoint=str(tmp_path / "c.pt"))
    assert history.epochs == 1 and splits.sizes() == (1257, 270, 270)
    assert history.val_acc[0] > 0.3  # one epoch already beats chance (0.1)
    restored = DigitsCNN(augment=True)
    restored.load_state_dict(torch.load(tmp_path / "c.pt", weights_only=True))
    torch.testing.assert_close(restored.eval()(splits.test[0]), model.eval()(splits.test[0]))
