"""A neuron and a layer of neurons, written out by hand.

A neuron computes ``y = f(sum_i w_i * x_i + b)``: a weighted sum of its
inputs, plus a bias, passed through a non-linear activation ``f``
(McCulloch & Pitts 1943; Rosenblatt 1958).  A layer is many neurons that
read the same inputs, which turns the sums into one matrix product.

Taught on the page "The neuron / 神经元" (``docs/*/neuron.md``); both classes
are tested against ``torch.nn.Linear`` in ``tests/test_neuron.py``.
"""

from __future__ import annotations

import math
from typing import Callable

import torch
from torch import nn

Activation = Callable[[torch.Tensor], torch.Tensor]


# --- activation functions, each one line of maths ------------------------

def relu(z: torch.Tensor) -> torch.Tensor:
    """max(0, z): zero for negative inputs, the identity for positive ones."""
    return torch.where(z > 0, z, torch.zeros_like(z))


def sigmoid(z: torch.Tensor) -> torch.Tensor:
    """1 / (1 + e^-z): squashes any number into (0, 1)."""
    return 1 / (1 + torch.exp(-z))


def tanh(z: torch.Tensor) -> torch.Tensor:
    """(e^z - e^-z) / (e^z + e^-z) = 2 * sigmoid(2z) - 1: squashes into (-1, 1).

    Written through ``sigmoid`` so that large ``|z|`` does not overflow.
    """
    return 2 * sigmoid(2 * z) - 1


def leaky_relu(z: torch.Tensor, slope: float = 0.2) -> torch.Tensor:
    """z for positive inputs, ``slope * z`` for negative ones.

    A ReLU whose negative side keeps a small gradient, so a unit pushed below
    zero can still recover (Maas, Hannun & Ng 2013).  The slope 0.2 is the
    one GANs use (Radford, Metz & Chintala 2016).
    """
    return torch.where(z > 0, z, slope * z)


def identity(z: torch.Tensor) -> torch.Tensor:
    """No activation: the neuron stays linear."""
    return z


ACTIVATIONS: dict[str, Activation] = {
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "leaky_relu": leaky_relu,
    "identity": identity,
}


def _activation(name: str) -> Activation:
    if name not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}"
        )
    return ACTIVATIONS[name]


def _check_input(x: torch.Tensor, num_inputs: int, who: str) -> None:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{who} expects a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(
            f"{who} expects a floating-point tensor, got dtype {x.dtype}"
        )
    if x.dim() == 0 or x.shape[-1] != num_inputs:
        raise ValueError(
            f"{who} expects input of shape (..., {num_inputs}), "
            f"got {tuple(x.shape)}"
        )


def _uniform_(t: torch.Tensor, fan_in: int) -> None:
    # The same default as nn.Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    bound = 1 / math.sqrt(fan_in)
    with torch.no_grad():
        t.uniform_(-bound, bound)


# --- one neuron ----------------------------------------------------------

class Neuron(nn.Module):
    """One artificial neuron: ``y = f(w · x + b)``.

    ``w`` has one weight per input, ``b`` is a single number.  Works on one
    example of shape ``(C,)`` or a batch of shape ``(B, C)``.
    """

    def __init__(self, num_inputs: int, *, activation: str = "relu") -> None:
        super().__init__()
        if not isinstance(num_inputs, int) or num_inputs < 1:
            raise ValueError(f"num_inputs must be a positive int, got {num_inputs!r}")
        self.num_inputs = num_inputs
        self.activation = activation
        self.f = _activation(activation)
        self.w = nn.Parameter(torch.empty(num_inputs))  # (C,)
        self.b = nn.Parameter(torch.empty(()))  # a scalar
        _uniform_(self.w, num_inputs)
        _uniform_(self.b, num_inputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(x, self.num_inputs, "Neuron")
        z = (x * self.w).sum(dim=-1) + self.b  # (..., C) -> (...)
        return self.f(z)

    def extra_repr(self) -> str:
        return f"num_inputs={self.num_inputs}, activation={self.activation!r}"


# --- a layer: many neurons reading the same input ------------------------

class Dense(nn.Module):
    """A fully connected layer: ``num_outputs`` neurons side by side.

    Stacking the neurons' weight vectors as rows gives a matrix ``W`` of
    shape ``(num_outputs, num_inputs)``, and the whole layer is
    ``f(x @ W.T + b)``: exactly what ``torch.nn.Linear`` computes (followed by
    an activation), with the same parameter shapes and the same default
    initialisation, so weights can be copied between the two.
    """

    def __init__(
        self, num_inputs: int, num_outputs: int, *, activation: str = "identity"
    ) -> None:
        super().__init__()
        for name, n in (("num_inputs", num_inputs), ("num_outputs", num_outputs)):
            if not isinstance(n, int) or n < 1:
                raise ValueError(f"{name} must be a positive int, got {n!r}")
        self.num_inputs = num_inputs
        self.num_outputs = num_outputs
        self.activation = activation
        self.f = _activation(activation)
        self.weight = nn.Parameter(torch.empty(num_outputs, num_inputs))  # (C_out, C_in)
        self.bias = nn.Parameter(torch.empty(num_outputs))  # (C_out,)
        _uniform_(self.weight, num_inputs)
        _uniform_(self.bias, num_inputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        _check_input(x, self.num_inputs, "Dense")
        z = x @ self.weight.T + self.bias  # (..., C_in) @ (C_in, C_out) -> (..., C_out)
        return self.f(z)

    @classmethod
    def from_neurons(cls, neurons: list[Neuron]) -> "Dense":
        """Build a layer whose row ``i`` is neuron ``i``'s weights."""
        if not neurons:
            raise ValueError("from_neurons needs at least one Neuron, got an empty list")
        sizes = {n.num_inputs for n in neurons}
        acts = {n.activation for n in neurons}
        if len(sizes) != 1 or len(acts) != 1:
            raise ValueError(
                "all neurons must share num_inputs and activation, "
                f"got num_inputs={sorted(sizes)} activations={sorted(acts)}"
            )
        layer = cls(sizes.pop(), len(neurons), activation=acts.pop())
        with torch.no_grad():
            layer.weight.copy_(torch.stack([n.w for n in neurons]))  # (C_out, C_in)
            layer.bias.copy_(torch.stack([n.b for n in neurons]))  # (C_out,)
        return layer

    def extra_repr(self) -> str:
        return (
            f"num_inputs={self.num_inputs}, num_outputs={self.num_outputs}, "
            f"activation={self.activation!r}"
        )
