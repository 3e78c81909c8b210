import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbook import seed_everything
from dlbook.data import loader
from dlbook.train import History, accuracy, check_training_args, evaluate, fit, predict

pytestmark = pytest.mark.lesson


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


def test_history_reads_each_series_as_an_attribute():
    hist = History(unit="step")
    hist.log(d_loss=1.0, g_loss=2.0)
    hist.log(d_loss=0.5, g_loss=1.5)
    assert hist.d_loss == [1.0, 0.5] and hist.g_loss == [2.0, 1.5] and len(hist) == 2
    with pytest.raises(AttributeError, match=r"recorded \['d_loss', 'g_loss'\], not 'val_acc'"):
        hist.val_acc
    with pytest.raises(ValueError, match="counted steps, not epochs"):
        hist.epochs
    with pytest.raises(ValueError, match="unit must be 'epoch' or 'step', got 'batch'"):
        History(unit="batch")
    copy = __import__("copy").deepcopy(hist)
    assert copy.d_loss == hist.d_loss and copy.d_loss is not hist.d_loss


@pytest.mark.parametrize("args, message", [
    ({"num_epochs": 0}, "num_epochs must be a positive int, got 0"),
    ({"num_steps": 2.5}, "num_steps must be a positive int, got 2.5"),
    ({"batch_size": True}, "batch_size must be a positive int, got True"),
    ({"lr": -1e-3}, "lr must be a positive number, got -0.001"),
    ({"lr": "0.1"}, "lr must be a positive number, got '0.1'"),
    ({"seed": -1}, r"seed must be an int in \[0, 2\*\*32\), got -1"),
])
def test_training_arguments_are_checked_with_expected_and_got(args, message):
    with pytest.raises(ValueError, match=message):
        check_training_args(**args)


def _entry_points():
    """Every training loop of the package, called on a tiny problem."""
    from dlbook.autoencoder import AutoEncoder, train_autoencoder
    from dlbook.conditional import ConditionalDenoiser, train_conditional
    from dlbook.diffusion import Denoiser, linear_schedule, train_ddpm
    from dlbook.finetune import train_classifier
    from dlbook.gan import GAN, train_gan
    from dlbook.gpt import GPT, GPTConfig
    from dlbook.optim import SGD, loss_curve
    from dlbook.perceptron import Perceptron, train_perceptron
    from dlbook.recommend import MatrixFactorization, fit_mf, make_ratings
    from dlbook.scaling import train_char_gpt

    X, y = _blobs(16)
    table = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
    ratings = make_ratings(5, 4, density=1.0)
    ids = torch.arange(60) % 4
    linear = nn.Linear(2, 2)
    return {
        "fit": (lambda n: fit(linear, loader(X, y), loss_fn=F.cross_entropy,
                              optimizer=torch.optim.SGD(linear.parameters(), lr=0.1),
                              num_epochs=n, progress=False), "epoch", "train_loss"),
        "train_autoencoder": (lambda n: train_autoencoder(
            AutoEncoder(4, 2, num_hiddens=3), torch.rand(8, 4), num_epochs=n), "epoch", "train_loss"),
        "train_gan": (lambda n: train_gan(GAN(2, z_dim=2, num_hiddens=4), X, num_steps=n,
                                          batch_size=4), "step", "d_loss"),
        "train_ddpm": (lambda n: train_ddpm(Denoiser(2, T=5, num_hiddens=8), X,
                                            linear_schedule(5), num_steps=n, batch_size=4),
                       "step", "train_loss"),
        "fit_mf": (lambda n: fit_mf(MatrixFactorization(5, 4, num_factors=2), ratings,
                                    num_epochs=n), "epoch", "train_loss"),
        "train_classifier": (lambda n: train_classifier(nn.Linear(2, 2), X, y, num_steps=n),
                             "step", "train_loss"),
        "train_perceptron": (lambda n: train_perceptron(
            Perceptron(2), table, torch.tensor([0, 0, 0, 1]), num_epochs=n), "epoch", "mistakes"),
        "train_conditional": (lambda n: train_conditional(
            ConditionalDenoiser(2, T=5, num_classes=2, num_hiddens=8), X, y,
            linear_schedule(5), num_steps=n, batch_size=4), "step", "train_loss"),
        "train_char_gpt": (lambda n: train_char_gpt(
            GPT(GPTConfig(vocab_size=4, block_size=4, num_hiddens=8, num_heads=2,
                          num_layers=1)), ids[:40], ids[40:], num_steps=n, batch_size=4),
                           "step", "train_loss"),
        "loss_curve": (lambda n: loss_curve(linear, X, y, SGD(linear.parameters(), lr=0.1),
                                            num_steps=n, batch_size=4), "step", "train_loss"),
    }


@pytest.mark.parametrize("name", list(_entry_points()))
def test_every_training_loop_returns_a_history_and_checks_its_count(name):
    seed_everything(0)
    run, unit, series = _entry_points()[name]
    hist = run(3)
    assert isinstance(hist, History) and hist.unit == unit
    assert len(getattr(hist, series)) == len(hist) == 3
    count = "num_epochs" if unit == "epoch" else "num_steps"
    with pytest.raises(ValueError, match=f"{count} must be a positive int, got 0"):
        run(0)
