import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.data import loader
from dlbook.train import accuracy, evaluate, fit, predict


def _blobs(n=200):
    g = torch.Generator().manual_seed(0)
    X = torch.randn(n, 2, generator=g)
    y = (X[:, 0] + X[:, 1] > 0).long()
    return X, y


def test_fit_learns_a_separable_problem_and_keeps_the_best_epoch(tmp_path):
    seed_everything(0)
    X, y = _blobs()
    model = nn.Linear(2, 2)
    hist = fit(model, loader(X, y, batch_size=32, shuffle=True), loader(X, y),
               loss_fn=F.cross_entropy, optimizer=torch.optim.SGD(model.parameters(), lr=0.5),
               num_epochs=15, checkpoint=tmp_path / "best.pt")
    assert hist.epochs == 15 and hist.val_acc[hist.best_epoch] > 0.95
    assert hist.val_loss[hist.best_epoch] == min(hist.val_loss)
    loss, acc = evaluate(model, loader(X, y), F.cross_entropy)
    assert loss == pytest.approx(hist.val_loss[hist.best_epoch], abs=1e-6)
    restored = nn.Linear(2, 2)
    restored.load_state_dict(torch.load(tmp_path / "best.pt"))
    torch.testing.assert_close(predict(restored, X), predict(model, X))


def test_early_stopping_stops():
    seed_everything(0)
    X, y = _blobs()
    model = nn.Linear(2, 2)
    # lr=0 never improves after the first epoch
    hist = fit(model, loader(X, y), loader(X, y), loss_fn=F.cross_entropy,
               optimizer=torch.optim.SGD(model.parameters(), lr=0.0), num_epochs=50, patience=3)
    assert hist.stopped_early and hist.epochs == 4


def test_fit_argument_errors():
    model = nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = _blobs(10)
    with pytest.raises(ValueError, match="num_epochs must be a positive int"):
        fit(model, loader(X, y), loss_fn=F.cross_entropy, optimizer=opt, num_epochs=0)
    with pytest.raises(ValueError, match="needs a validation DataLoader"):
        fit(model, loader(X, y), loss_fn=F.cross_entropy, optimizer=opt, num_epochs=1, patience=2)
    with pytest.raises(ValueError, match=r"logits \(B, classes\)"):
        accuracy(torch.zeros(3), torch.zeros(3))


def test_fit_steps_the_scheduler_once_per_epoch():
    seed_everything(0)
    X, y = _blobs(64)
    model = nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=1.0)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    fit(model, loader(X, y, batch_size=16), loss_fn=F.cross_entropy, optimizer=opt,
        num_epochs=3, scheduler=sched, progress=False)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.125)
