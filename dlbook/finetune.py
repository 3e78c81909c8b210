"""Pretraining then fine-tuning, and the from-scratch baseline to compare.

Phase 1 learns features from plentiful unlabelled data; phase 2 trains on a
few labels, starting from those features (Hinton, Osindero & Teh, "A fast
learning algorithm for deep belief nets", 2006; Erhan et al., "Why does
unsupervised pre-training help deep learning?", JMLR 2010).  The helpers
here keep the comparison fair: the same classifier, the same labelled
examples, the same number of steps, only the starting weights differ.

``load_sentiment`` reads the small zh/en sentiment set written for this
book (``dlbook/assets/sentiment.tsv``).

Taught on the page "Pretraining and fine-tuning / 预训练与微调".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from importlib.resources import files

import torch
import torch.nn.functional as F
from torch import nn

from dlbook.data import loader
from dlbook.train import History, accuracy, check_training_args, fit, predict


def few_labels(y: torch.Tensor, per_class: int, *,
               seed: int = 0) -> torch.Tensor:
    """Indices of ``per_class`` random examples of every class in ``y``."""
    if y.dim() != 1 or y.is_floating_point():
        raise ValueError(
            f"y must be a 1-D tensor of integer labels, got shape "
            f"{tuple(y.shape)} and dtype {y.dtype}"
        )
    gen = torch.Generator().manual_seed(seed)
    picked = []
    for c in torch.unique(y):
        idx = (y == c).nonzero().squeeze(1)
        if len(idx) < per_class:
            raise ValueError(
                f"class {int(c)} has {len(idx)} examples, "
                f"fewer than per_class={per_class}"
            )
        picked.append(idx[torch.randperm(len(idx), generator=gen)[:per_class]])
    return torch.cat(picked)


class Classifier(nn.Module):
    """An ``encoder`` (any module giving ``(B, C)`` features) + a linear head.

    With ``freeze=True`` the encoder's weights are not trained: a *linear
    probe*, which measures what the features already know.
    """

    def __init__(self, encoder: nn.Module, num_features: int,
                 num_classes: int, *, freeze: bool = False) -> None:
        super().__init__()
        self.encoder = copy.deepcopy(encoder)  # never edit the pretrained one
        self.head = nn.Linear(num_features, num_classes)
        for p in self.encoder.parameters():
            p.requires_grad_(not freeze)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(X.reshape(len(X), -1)))  # (B, classes)


def train_classifier(model: nn.Module, X: torch.Tensor, y: torch.Tensor, *,
                     num_steps: int, lr: float = 1e-3,
                     weight_decay: float = 0.0,
                     val: tuple[torch.Tensor, torch.Tensor] | None = None,
                     progress: bool | None = None) -> History:
    """Full-batch Adam on ``(X, y)`` with cross-entropy, ``num_steps`` times;
    returns a ``History`` of steps (``train_loss``, ``train_acc``; with
    ``val``, also ``val_loss`` and ``val_acc`` after every step, and, as
    ``dlbook.train.fit`` does, the weights of the step with the lowest
    ``val_loss`` restored at the end).

    Full batch and a fixed number of steps so that every run in a
    comparison sees exactly the same data the same number of times.
    """
    check_training_args(num_steps=num_steps, lr=lr)
    if len(X) != len(y) or len(y) == 0:
        raise ValueError(f"X and y must have the same non-zero length, "
                         f"got {len(X)} and {len(y)}")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    # one full batch per "epoch" of dlbook.train.fit is one step
    history = fit(model, loader(X, y, batch_size=len(y)),
                  loader(*val, batch_size=len(val[1])) if val else None,
                  loss_fn=F.cross_entropy, optimizer=optimizer,
                  num_epochs=num_steps, progress=progress)
    model.eval()
    history.unit = "step"
    return history


def accuracy_of(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    """Share of ``X`` whose predicted class is ``y``."""
    return accuracy(predict(model, X), y)


STARTS = ("scratch", "probe", "fine-tune")


def _start(name: str, pretrained: nn.Module, fresh: Callable[[], nn.Module],
           num_features: int, y: torch.Tensor, per_class: int,
           seed: int) -> tuple[Classifier, torch.Tensor]:
    """One run's classifier for start ``name`` and the indices of its
    labelled examples (``per_class`` of each class, drawn with ``seed``),
    after ``torch.manual_seed(seed)``."""
    torch.manual_seed(seed)
    idx = few_labels(y, per_class, seed=seed)
    encoder = fresh() if name == "scratch" else pretrained
    model = Classifier(encoder, num_features, int(y.max()) + 1,
                       freeze=name == "probe")
    return model, idx


def label_curve(
    pretrained: nn.Module,
    fresh: Callable[[], nn.Module],
    num_features: int,
    train: tuple[torch.Tensor, torch.Tensor],
    test: tuple[torch.Tensor, torch.Tensor],
    *,
    per_class: Sequence[int],
    seeds: Sequence[int] = (0, 1, 2),
    num_steps: int = 100,
    lr: float = 3e-3,
) -> dict[str, list[float]]:
    """Test accuracy vs labels per class for three ways to start.

    * ``"scratch"``: ``fresh()``, a new randomly initialised encoder;
    * ``"probe"``: the ``pretrained`` encoder, frozen, a linear head on top;
    * ``"fine-tune"``: the ``pretrained`` encoder, trained together with it.

    Each entry is averaged over ``seeds`` (each random seed draws other labelled
    examples), because with one label per class one lucky draw says little.
    Each run calls ``torch.manual_seed(seed)`` first, so every point of the
    curve is reproducible on its own.  The result is the curves, not a
    ``History``: each point averages several runs of ``train_classifier``,
    whose own histories say nothing the comparison needs.
    """
    X, y = train
    curves: dict[str, list[float]] = {name: [] for name in STARTS}
    for n in per_class:
        for name in curves:
            accs = []
            for seed in seeds:
                model, idx = _start(name, pretrained, fresh, num_features, y,
                                    n, seed)
                train_classifier(model, X[idx], y[idx], num_steps=num_steps,
                                 lr=lr, progress=False)
                accs.append(accuracy_of(model, *test))
            curves[name].append(sum(accs) / len(accs))
    return curves


def step_curve(
    pretrained: nn.Module,
    fresh: Callable[[], nn.Module],
    num_features: int,
    train: tuple[torch.Tensor, torch.Tensor],
    test: tuple[torch.Tensor, torch.Tensor],
    *,
    per_class: int,
    num_steps: int,
    every: int = 10,
    seeds: Sequence[int] = (0, 1, 2),
    lr: float = 3e-3,
) -> tuple[list[int], dict[str, list[float]]]:
    """Test accuracy after every ``every`` optimizer steps, for the same three
    starts as ``label_curve`` (``"scratch"``, ``"probe"``, ``"fine-tune"``)
    and ``per_class`` labels per class; averaged over ``seeds``.

    Returns the step counts and, per start, the accuracy at each.  Counting
    steps, not seconds, measures the cost of training the same way on every
    machine.  The runs are ``train_classifier``'s, with the test set as
    its ``val``.
    """
    check_training_args(num_steps=num_steps, lr=lr)
    if not isinstance(every, int) or not 1 <= every <= num_steps:
        raise ValueError(f"every must be an int in [1, num_steps={num_steps}]"
                         f", got {every!r}")
    X, y = train
    curves: dict[str, list[float]] = {}
    for name in STARTS:
        runs = []
        for seed in seeds:
            model, idx = _start(name, pretrained, fresh, num_features, y,
                                per_class, seed)
            history = train_classifier(model, X[idx], y[idx],
                                       num_steps=num_steps, lr=lr, val=test,
                                       progress=False)
            runs.append(history.val_acc[every - 1::every])
        curves[name] = [sum(a) / len(a) for a in zip(*runs)]
    steps = list(range(every, num_steps + 1, every))
    return steps, curves


def load_sentiment() -> tuple[list[str], torch.Tensor, list[str]]:
    """The book's sentiment set: texts, labels (1 positive, 0 negative), langs.

    Written for this book (see ``dlbook/assets/README.md``); each line of
    ``sentiment.tsv`` is ``label<TAB>lang<TAB>text``.
    """
    path = files("dlbook") / "assets" / "sentiment.tsv"
    texts, labels, langs = [], [], []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in ("0", "1"):
            raise ValueError(
                f"sentiment.tsv line {n}: expected 'label<TAB>lang<TAB>text' "
                f"with label 0 or 1, got {line!r}"
            )
        labels.append(int(parts[0]))
        langs.append(parts[1])
        texts.append(parts[2])
    return texts, torch.tensor(labels), langs
