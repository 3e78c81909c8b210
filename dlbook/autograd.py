"""A tiny scalar autograd engine: backpropagation written out by hand.

Every number in a computation is a ``Value`` that remembers which Values it
was computed from and how (its *computation graph*).  ``backward()`` walks
that graph from the output back to the inputs, in reverse topological order,
and applies the chain rule at every node: each operation's local derivative
is written right under its forward computation, in ``_backward``.

This is reverse-mode automatic differentiation (Linnainmaa 1970), the
algorithm behind backpropagation (Rumelhart, Hinton & Williams 1986), in the
style of Karpathy's micrograd.  It is what ``torch.autograd`` does for whole
tensors at once.

Taught on the page "Forward and backward propagation / 前向传播与反向传播"
(``docs/*/basics/backprop.md``); tested against ``torch.autograd`` and
finite differences in ``tests/test_autograd.py``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator, Sequence

Number = int | float


class Value:
    """One scalar in a computation graph, with its gradient ``grad``.

    ``grad`` holds d(output)/d(self) after ``output.backward()``.
    """

    def __init__(
        self, data: Number, _children: tuple[Value, ...] = (), _op: str = "",
        *, label: str = "",
    ) -> None:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise TypeError(f"Value holds an int or float, got {type(data).__name__}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self._prev = _children  # the Values this one was computed from
        self._op = _op  # the operation that made it ("" for a leaf)
        self._backward: Callable[[], None] = lambda: None

    def __repr__(self) -> str:
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g})"

    # --- operations: forward, then backward right below ------------------

    def __add__(self, other: Value | Number) -> Value:
        other = _as_value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward() -> None:  # d(a+b)/da = 1, d(a+b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other: Value | Number) -> Value:
        other = _as_value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward() -> None:  # d(a*b)/da = b, d(a*b)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k: Number) -> Value:
        if isinstance(k, bool) or not isinstance(k, (int, float)):
            raise TypeError(f"Value ** k needs a number k, got {type(k).__name__}")
        out = Value(self.data ** k, (self,), f"**{k:g}")

        def _backward() -> None:  # d(a^k)/da = k * a^(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self) -> Value:
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward() -> None:  # d(e^a)/da = e^a
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self) -> Value:
        if self.data <= 0:
            raise ValueError(f"log needs a positive Value, got {self.data}")
        out = Value(math.log(self.data), (self,), "log")

        def _backward() -> None:  # d(ln a)/da = 1/a
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def tanh(self) -> Value:
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward() -> None:  # d(tanh a)/da = 1 - tanh(a)^2
            self.grad += (1 - t * t) * out.grad
        out._backward = _backward
        return out

    def relu(self) -> Value:
        out = Value(max(0.0, self.data), (self,), "relu")

        def _backward() -> None:  # 1 where a > 0, else 0
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    # --- the rest is built from the operations above ----------------------

    def __neg__(self) -> Value:
        return self * -1

    def __sub__(self, other: Value | Number) -> Value:
        return self + (-_as_value(other))

    def __truediv__(self, other: Value | Number) -> Value:
        return self * _as_value(other) ** -1

    def __radd__(self, other: Number) -> Value:
        return self + other

    def __rmul__(self, other: Number) -> Value:
        return self * other

    def __rsub__(self, other: Number) -> Value:
        return _as_value(other) - self

    def __rtruediv__(self, other: Number) -> Value:
        return _as_value(other) / self

    def sigmoid(self) -> Value:
        return 1 / (1 + (-self).exp())

    # --- backpropagation -------------------------------------------------

    def backward(self) -> None:
        """Fill ``grad`` of every Value this one depends on.

        Nodes are visited in reverse topological order, so a node's
        ``_backward`` runs only after every use of it has added its share to
        ``out.grad`` (the multivariable chain rule sums over paths).  Unlike
        ``torch``, every call starts the graph's gradients from zero, so no
        ``zero_grad()`` is needed between training steps.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # d(self)/d(self)
        for node in reversed(order):
            node._backward()


def _as_value(x: Value | Number) -> Value:
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"expected a Value or a number, got {type(x).__name__}")
    return Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every node of ``root``'s graph, each after all of its inputs."""
    order: list[Value] = []
    seen: set[int] = set()
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:  # iterative depth-first search: deep graphs do not recurse
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node._prev)
                         if id(c) not in seen)
    return order


def to_mermaid(root: Value) -> str:
    """The computation graph as a mermaid flowchart, inputs on the left.

    Each Value is a box ``label | data | grad``; each operation is a circle.
    """
    order = topological_order(root)
    ids = {id(n): f"v{i}" for i, n in enumerate(order)}
    lines = ["graph LR"]
    for n in order:
        name = f"{n.label} | " if n.label else ""
        lines.append(f'  {ids[id(n)]}["{name}{n.data:.3f} | grad {n.grad:.3f}"]')
        if n._op:
            lines.append(f'  {ids[id(n)]}op(("{n._op}")) --> {ids[id(n)]}')
            for c in n._prev:
                lines.append(f"  {ids[id(c)]} --> {ids[id(n)]}op")
    return "\n".join(lines)


# --- a network made of Values ---------------------------------------------

class ScalarNeuron:
    """``f(w · x + b)`` with scalar Values: the same neuron as the torch
    ``dlbook.neuron.Neuron``, now with gradients we compute ourselves.
    ("Scalar" names the engine, so that both can be imported side by side.)"""

    def __init__(self, num_inputs: int, *, activation: str = "tanh",
                 rng: random.Random | None = None) -> None:
        if not isinstance(num_inputs, int) or num_inputs < 1:
            raise ValueError(f"num_inputs must be a positive int, got {num_inputs!r}")
        if activation not in ("tanh", "relu", "identity"):
            raise ValueError(
                f"activation must be 'tanh', 'relu' or 'identity', got {activation!r}")
        rng = rng or random.Random(0)
        bound = 1 / math.sqrt(num_inputs)  # nn.Linear's default range
        self.w = [Value(rng.uniform(-bound, bound)) for _ in range(num_inputs)]
        self.b = Value(rng.uniform(-bound, bound))
        self.activation = activation

    def __call__(self, x: Sequence[Value | Number]) -> Value:
        if len(x) != len(self.w):
            raise ValueError(f"ScalarNeuron expects {len(self.w)} inputs, got {len(x)}")
        z = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.activation == "identity":
            return z
        return z.tanh() if self.activation == "tanh" else z.relu()

    def parameters(self) -> list[Value]:
        return [*self.w, self.b]


class ScalarMLP:
    """Layers of ``ScalarNeuron``s; the last layer is linear (no activation).

    ``ScalarMLP(2, [4], 1)`` is a two-layer network: 2 inputs, 4 hidden
    neurons, 1 output: the scalar twin of the torch ``dlbook.models.MLP``.
    """

    def __init__(self, num_inputs: int, hidden_sizes: Sequence[int],
                 num_outputs: int, *, activation: str = "tanh",
                 seed: int = 0) -> None:
        rng = random.Random(seed)
        sizes = [num_inputs, *hidden_sizes, num_outputs]
        self.layers = [
            [ScalarNeuron(sizes[i], rng=rng,
                    activation=activation if i < len(sizes) - 2 else "identity")
             for _ in range(sizes[i + 1])]
            for i in range(len(sizes) - 1)
        ]

    def __call__(self, x: Sequence[Value | Number]) -> list[Value]:
        h: Sequence[Value | Number] = x
        for layer in self.layers:
            h = [neuron(h) for neuron in layer]
        return list(h)

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for n in layer for p in n.parameters()]

    def weights(self) -> Iterator[tuple[list[list[float]], list[float]]]:
        """Each layer's ``(W, b)`` as plain floats, W of shape (C_out, C_in):
        the layout of ``nn.Linear``, so the weights can be copied into torch."""
        for layer in self.layers:
            yield [[w.data for w in n.w] for n in layer], [n.b.data for n in layer]
