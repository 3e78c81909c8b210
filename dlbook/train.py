"""The training loop used throughout the book.

``fit`` is the loop every chapter would otherwise write again: for each
epoch, one pass over the training data (forward, loss, backward, step), then
a pass over the validation data without gradients.  It keeps the weights of
the best validation epoch, can stop early when validation stops improving,
and shows a tqdm progress bar when run in a terminal.

Taught on the page "The training workflow / 训练流程".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader
from tqdm.auto import tqdm

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass
class History:
    """What a training run recorded, the one return value of every training
    loop in ``dlbook``: ``fit``, ``train_autoencoder``, ``train_gan``,
    ``train_ddpm``, ``train_conditional``, ``fit_mf``, ``train_classifier``,
    ``train_perceptron``, ``train_char_gpt`` and ``optim.loss_curve``.

    ``unit`` says what one entry is: an ``"epoch"`` (a pass over the data)
    or a ``"step"`` (one update).  ``series`` maps a name to its values, one
    per entry, and each name reads as an attribute: ``history.train_loss``,
    ``history.val_acc`` after ``fit``, ``history.d_loss`` after
    ``train_gan``.  A series measured less often is shorter:
    ``train_char_gpt``'s ``val_loss`` has one value, taken after the last
    step.  Like Keras' ``History``, but with attributes.
    """

    unit: str = "epoch"
    series: dict[str, list] = field(default_factory=dict)
    best_epoch: int = -1  # 0-based index of the epoch whose weights were kept
    stopped_early: bool = False
    snapshots: dict[int, torch.Tensor] = field(default_factory=dict)  # step -> samples

    def __post_init__(self) -> None:
        if self.unit not in ("epoch", "step"):
            raise ValueError(f"unit must be 'epoch' or 'step', got {self.unit!r}")

    def log(self, **values: float) -> None:
        """Append one value to each named series (created on first use)."""
        for name, value in values.items():
            self.series.setdefault(name, []).append(value)

    def __getattr__(self, name: str) -> list:
        # only called when normal lookup fails: a series by its name
        if name.startswith("__") or name == "series":
            raise AttributeError(name)
        try:
            return self.series[name]
        except KeyError:
            raise AttributeError(
                f"this History recorded {sorted(self.series)}, not {name!r}") from None

    def __len__(self) -> int:
        """How many epochs (or steps) were recorded: the longest series."""
        return max((len(v) for v in self.series.values()), default=0)

    @property
    def epochs(self) -> int:
        """How many epochs ran (fewer than asked for after early stopping)."""
        if self.unit != "epoch":
            raise ValueError(f"this run counted {self.unit}s, not epochs: use len(history)")
        return len(self)


def check_training_args(**args: object) -> None:
    """Check the knobs every training loop shares, with a clear error.

    ``num_epochs``, ``num_steps`` and ``batch_size`` must be positive ints,
    ``lr`` a positive number, ``seed`` an int in ``[0, 2**32)``.
    """
    for name, value in args.items():
        if name in ("num_epochs", "num_steps", "batch_size"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        elif name == "lr":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"lr must be a positive number, got {value!r}")
        elif name == "seed":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**32:
                raise ValueError(f"seed must be an int in [0, 2**32), got {value!r}")
        else:
            raise TypeError(f"check_training_args does not know {name!r}")


def progress_bar(total: int, unit: str, progress: bool | None):
    """``range(total)`` with a tqdm bar: ``None`` shows it only in a terminal."""
    return tqdm(range(total), desc=f"{unit}s", disable=None if progress is None else not progress)


def accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    """Share of rows whose largest logit is at the true class."""
    if logits.dim() != 2 or y.dim() != 1 or len(logits) != len(y):
        raise ValueError(
            f"accuracy expects logits (B, classes) and labels (B,), "
            f"got {tuple(logits.shape)} and {tuple(y.shape)}"
        )
    return (logits.argmax(dim=1) == y).float().mean().item()


@torch.no_grad()
def evaluate(
    model: nn.Module, data: DataLoader, loss_fn: LossFn, *, device: torch.device | None = None
) -> tuple[float, float]:
    """Mean loss and accuracy of ``model`` over ``data``, without gradients."""
    device = device or next(model.parameters()).device
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    for X, y in data:
        X, y = X.to(device), y.to(device)
        logits = model(X)
        total_loss += loss_fn(logits, y).item() * len(y)
        if logits.dim() == 2 and y.dim() == 1 and not y.is_floating_point():
            correct += (logits.argmax(dim=1) == y).sum().item()
        count += len(y)
    if count == 0:
        raise ValueError("evaluate got an empty DataLoader")
    return total_loss / count, correct / count


@torch.no_grad()
def predict(model: nn.Module, X: torch.Tensor, *, batch_size: int = 256) -> torch.Tensor:
    """The model's outputs for ``X`` in evaluation mode, batch by batch."""
    device = next(model.parameters()).device
    model.eval()
    return torch.cat([model(X[i : i + batch_size].to(device)).cpu()
                      for i in range(0, len(X), batch_size)])


def fit(
    model: nn.Module,
    train: DataLoader,
    val: DataLoader | None = None,
    *,
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    num_epochs: int,
    patience: int | None = None,
    checkpoint: str | Path | None = None,
    device: torch.device | None = None,
    progress: bool | None = None,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
) -> History:
    """Train ``model`` for ``num_epochs`` passes over ``train``; return its
    ``History`` (``train_loss``, ``train_acc`` and, with ``val``,
    ``val_loss``, ``val_acc``: one value per epoch).

    * ``val``: evaluated after every epoch; the weights of the epoch with the
      lowest validation loss are restored at the end (and saved to
      ``checkpoint`` if given, with ``torch.save(model.state_dict(), ...)``).
    * ``patience``: stop when the validation loss has not improved for this
      many epochs (early stopping).  Needs ``val``.
    * ``progress``: ``None`` shows a bar only in a terminal.
    * ``scheduler``: a learning-rate scheduler, stepped once after each
      epoch (e.g. ``CosineAnnealingLR(optimizer, T_max=num_epochs)``).
    """
    check_training_args(num_epochs=num_epochs)
    if patience is not None and val is None:
        raise ValueError("patience (early stopping) needs a validation DataLoader")
    if patience is not None and (not isinstance(patience, int) or patience < 1):
        raise ValueError(f"patience must be a positive int or None, got {patience!r}")
    device = device or next(model.parameters()).device
    model.to(device)
    history = History()
    best_loss, best_state, waited = float("inf"), None, 0
    bar = progress_bar(num_epochs, "epoch", progress)
    for epoch in bar:
        model.train()
        total_loss, correct, count = 0.0, 0, 0
        for X, y in train:
            X, y = X.to(device), y.to(device)
            logits = model(X)
            loss = loss_fn(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total_loss += loss.item() * len(y)
            if logits.dim() == 2 and y.dim() == 1 and not y.is_floating_point():
                correct += (logits.argmax(dim=1) == y).sum().item()
            count += len(y)
        history.log(train_loss=total_loss / count, train_acc=correct / count)
        if scheduler is not None:
            scheduler.step()
        if val is None:
            continue
        val_loss, val_acc = evaluate(model, val, loss_fn, device=device)
        history.log(val_loss=val_loss, val_acc=val_acc)
        bar.set_postfix(train_loss=f"{total_loss / count:.3f}", val_acc=f"{val_acc:.3f}")
        if val_loss < best_loss:
            best_loss, best_state, waited = val_loss, copy.deepcopy(model.state_dict()), 0
            history.best_epoch = epoch
        else:
            waited += 1
            if patience is not None and waited >= patience:
                history.stopped_early = True
                break
    if best_state is not None:
        model.load_state_dict(best_state)
    if checkpoint is not None:
        torch.save(model.state_dict(), checkpoint)
    return history
