"""A deep MLP with switchable initialisation, normalisation and shortcuts.

Deep networks stopped being hard to train thanks to a few small changes, and
``DeepMLP`` lets each one be switched on by itself:

* **initialisation** (``init``): the scale of the random starting weights.
  A linear layer multiplies the variance of its input by about
  ``fan_in * Var(w)``; unless that factor is close to 1, twenty layers
  multiply the signal (and, going back, the gradient) by it twenty times.
  Xavier/Glorot (Glorot & Bengio 2010) picks ``Var(w) = 2 / (fan_in +
  fan_out)`` for tanh; He/Kaiming (He et al. 2015) ``2 / fan_in`` for ReLU,
  which zeroes half of its input.
* **normalisation** (``norm``): ``dlbook.norm.BatchNorm1d`` or ``LayerNorm``
  after each linear layer rescales the activations to variance 1 whatever
  the weights did, so a bad start no longer compounds.
* **residual connections** (``residual``): each block adds its output to its
  input, ``X + f(X)`` (He et al. 2016), so the signal and the gradient have a
  path that no layer can shrink.

``layer_stats`` measures, for each hidden layer, the size of its activations
and of its weight gradient: the two numbers that show whether a deep
network can learn at all.

Taught on the page "Training deep networks / 训练深层网络".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from dlbook.norm import BatchNorm1d, LayerNorm

INITS = ("tiny", "normal", "xavier", "he", "torch")
ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid}
NORMS = {"batch": BatchNorm1d, "layer": LayerNorm}


# The six set-ups the page "training deep networks" compares, from the two
# bad starts to the fixes.  One table, so the measurements before training
# and the training runs use exactly the same variants.
VARIANTS = {
    "tanh, std 0.01": dict(activation="tanh", init="tiny"),
    "tanh, std 1": dict(activation="tanh", init="normal"),
    "tanh, Xavier": dict(activation="tanh", init="xavier"),
    "ReLU, He": dict(activation="relu", init="he"),
    "ReLU, std 0.01 + BatchNorm": dict(activation="relu", init="tiny", norm="batch"),
    "ReLU, He + residual + LayerNorm": dict(activation="relu", init="he", norm="layer",
                                            residual=True),
}

def init_linear(layer: nn.Linear, scheme: str) -> None:
    """Draw ``layer.weight`` from ``N(0, std**2)`` for ``scheme``; bias 0.

    ``"tiny"``: std 0.01; ``"normal"``: std 1; ``"xavier"``:
    ``sqrt(2 / (fan_in + fan_out))``; ``"he"``: ``sqrt(2 / fan_in)``;
    ``"torch"``: leave PyTorch's default (uniform, std ``1/sqrt(3 fan_in)``).
    """
    if scheme not in INITS:
        raise ValueError(f"init must be one of {INITS}, got {scheme!r}")
    if scheme == "torch":
        return
    fan_out, fan_in = layer.weight.shape  # (C_out, C_in)
    std = {"tiny": 0.01, "normal": 1.0,
           "xavier": math.sqrt(2.0 / (fan_in + fan_out)),
           "he": math.sqrt(2.0 / fan_in)}[scheme]
    with torch.no_grad():
        layer.weight.normal_(0.0, std)
        if layer.bias is not None:
            layer.bias.zero_()


@dataclass
class DeepConfig:
    """The knobs of ``DeepMLP``; the defaults are the page's bad baseline."""

    depth: int = 20  # hidden layers
    num_hiddens: int = 64
    activation: str = "tanh"
    init: str = "tiny"
    norm: str | None = None  # "batch", "layer" or None
    residual: bool = False
    num_inputs: int = 64
    num_outputs: int = 10


class Block(nn.Module):
    """One hidden layer: ``act(norm(linear(X)))``, plus ``X`` if residual."""

    def __init__(self, cfg: DeepConfig) -> None:
        super().__init__()
        self.linear = nn.Linear(cfg.num_hiddens, cfg.num_hiddens)
        init_linear(self.linear, cfg.init)
        self.norm = NORMS[cfg.norm](cfg.num_hiddens) if cfg.norm else nn.Identity()
        self.act = ACTIVATIONS[cfg.activation]()
        self.residual = cfg.residual

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = self.act(self.norm(self.linear(X)))  # (B, C)
        return X + out if self.residual else out


class DeepMLP(nn.Module):
    """``num_inputs -> depth hidden blocks of num_hiddens -> num_outputs``.

    Not a ``dlbook.models.MLP``: each block here can add a normalisation and
    a shortcut, and draws its weights with ``init_linear``, the knobs that
    the page "Training deep networks" switches one at a time.
    """

    def __init__(self, cfg: DeepConfig | None = None, **overrides) -> None:
        super().__init__()
        cfg = cfg or DeepConfig(**overrides)
        if cfg.depth < 1:
            raise ValueError(f"depth must be >= 1, got {cfg.depth}")
        if cfg.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {list(ACTIVATIONS)}, "
                             f"got {cfg.activation!r}")
        if cfg.norm is not None and cfg.norm not in NORMS:
            raise ValueError(f"norm must be one of {list(NORMS)} or None, got {cfg.norm!r}")
        self.cfg = cfg
        self.inp = nn.Linear(cfg.num_inputs, cfg.num_hiddens)
        init_linear(self.inp, cfg.init)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.depth))
        self.out = nn.Linear(cfg.num_hiddens, cfg.num_outputs)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        if X.dim() != 2 or X.shape[1] != self.cfg.num_inputs:
            raise ValueError(f"DeepMLP expects (B, {self.cfg.num_inputs}), "
                             f"got {tuple(X.shape)}")
        X = self.inp(X)  # (B, C)
        for block in self.blocks:
            X = block(X)  # (B, C) -> (B, C)
        return self.out(X)  # (B, 10)


def layer_stats(model: DeepMLP, X: torch.Tensor, y: torch.Tensor
                ) -> tuple[list[float], list[float]]:
    """For each hidden block: the std of its output on ``X`` and the norm of
    its weight's gradient for the cross-entropy on ``(X, y)``.

    Measured in training mode with one backward pass; the gradients are
    cleared again afterwards.  Activations near 0 or stuck at ±1, and
    gradients that shrink (or grow) by orders of magnitude from the last
    layer to the first, are what make a deep network untrainable.
    """
    stds: list[float] = []
    hooks = [b.register_forward_hook(lambda m, i, o: stds.append(o.std().item()))
             for b in model.blocks]
    model.train()
    model.zero_grad()
    try:
        nn.functional.cross_entropy(model(X), y).backward()
    finally:
        for h in hooks:
            h.remove()
    grads = [b.linear.weight.grad.norm().item() for b in model.blocks]
    model.zero_grad()
    return stds, grads
