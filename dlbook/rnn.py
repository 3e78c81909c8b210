"""Recurrent networks written out: RNN, LSTM and GRU cells and layers.

A recurrent network reads a sequence one step at a time and carries a hidden
state ``h`` from step to step: its memory (Elman, "Finding structure in
time", 1990).  The LSTM adds a cell state ``c`` guarded by gates (Hochreiter
& Schmidhuber, "Long short-term memory", 1997); the GRU merges the gates into
two (Cho et al., 2014).  Gates let the gradient flow back over many steps
instead of shrinking at each one (Bengio et al., 1994).

Parameters use PyTorch's names and layouts (``weight_ih``: ``(G*H, C)``,
gates stacked in torch's order: LSTM i, f, g, o; GRU r, z, n), so a
``state_dict`` copies between ``RNN`` / ``LSTM`` / ``GRU`` here and
``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` (one layer, ``batch_first=True``).
Tested in ``tests/test_rnn.py``.

Taught on the pages "Recurrent networks / 循环神经网络"
(``docs/*/rnn/index.md``) and "A character-level LSTM / 字符级 LSTM"
(``docs/*/rnn/char-lstm.md``).
"""

from __future__ import annotations

import math

import torch
from torch import nn

# --- one step of each cell: x (B, C), state (B, H) -> new state ----------


def rnn_step(x, h, w_ih, w_hh, b_ih, b_hh):
    """h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)."""
    return torch.tanh(x @ w_ih.T + b_ih + h @ w_hh.T + b_hh)  # (B, H)


def lstm_step(x, state, w_ih, w_hh, b_ih, b_hh):
    """Gates i, f, o decide what to write, keep and show; g is new content."""
    h, c = state
    gates = x @ w_ih.T + b_ih + h @ w_hh.T + b_hh  # (B, 4H)
    i, f, g, o = gates.chunk(4, dim=1)  # 4 x (B, H)
    i, f, o = torch.sigmoid(i), torch.sigmoid(f), torch.sigmoid(o)
    c = f * c + i * torch.tanh(g)  # keep part of the old memory, add new
    h = o * torch.tanh(c)
    return h, c


def gru_step(x, h, w_ih, w_hh, b_ih, b_hh):
    """Reset gate r picks what of h feeds the candidate; z mixes old, new."""
    xr, xz, xn = (x @ w_ih.T + b_ih).chunk(3, dim=1)  # 3 x (B, H)
    hr, hz, hn = (h @ w_hh.T + b_hh).chunk(3, dim=1)  # 3 x (B, H)
    r = torch.sigmoid(xr + hr)
    z = torch.sigmoid(xz + hz)
    n = torch.tanh(xn + r * hn)
    return (1 - z) * n + z * h


_STEPS = {"rnn": (rnn_step, 1), "lstm": (lstm_step, 4), "gru": (gru_step, 3)}


class _Recurrent(nn.Module):
    """Shared parts: parameters in torch's layout, input checks, the loop."""

    kind = "rnn"

    def __init__(self, input_size: int, num_hiddens: int, *, layer: bool):
        super().__init__()
        if input_size < 1 or num_hiddens < 1:
            raise ValueError(
                f"input_size and num_hiddens must be >= 1, got {input_size} "
                f"and {num_hiddens}"
            )
        self.input_size, self.num_hiddens = input_size, num_hiddens
        G = _STEPS[self.kind][1]
        suffix = "_l0" if layer else ""  # nn.RNN names vs nn.RNNCell names
        self._names = [n + suffix for n in
                       ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        shapes = [(G * num_hiddens, input_size), (G * num_hiddens, num_hiddens),
                  (G * num_hiddens,), (G * num_hiddens,)]
        bound = 1 / math.sqrt(num_hiddens)  # torch's default init
        for name, shape in zip(self._names, shapes):
            p = nn.Parameter(torch.empty(shape).uniform_(-bound, bound))
            self.register_parameter(name, p)

    def _params(self):
        return [getattr(self, n) for n in self._names]

    def _check(self, x: torch.Tensor, dims: int, what: str) -> None:
        if not isinstance(x, torch.Tensor) or x.dim() != dims \
                or x.shape[-1] != self.input_size:
            shape = tuple(x.shape) if isinstance(x, torch.Tensor) else type(x)
            raise ValueError(
                f"{type(self).__name__} expects input of shape {what} with "
                f"C={self.input_size}, got {shape}"
            )

    def _zeros(self, x: torch.Tensor):
        h = x.new_zeros(x.shape[0], self.num_hiddens)  # (B, H)
        return (h, h.clone()) if self.kind == "lstm" else h

    def step(self, x: torch.Tensor, state=None):
        """One time step: ``x`` is ``(B, C)``; returns the new state."""
        self._check(x, 2, "(B, C)")
        state = self._zeros(x) if state is None else state
        return _STEPS[self.kind][0](x, state, *self._params())


class _Cell(_Recurrent):
    """A single step; parameters named as in ``nn.RNNCell`` and friends."""

    def __init__(self, input_size: int, num_hiddens: int) -> None:
        super().__init__(input_size, num_hiddens, layer=False)

    def forward(self, x, state=None):
        return self.step(x, state)


class RNNCell(_Cell):
    """One step of a vanilla (Elman) RNN; the same parameters as
    ``nn.RNNCell``.  ``cell(x, h)`` with ``x`` ``(B, C)``, ``h`` ``(B, H)``."""

    kind = "rnn"


class LSTMCell(_Cell):
    """One LSTM step, parameters as ``nn.LSTMCell``; state is ``(h, c)``."""

    kind = "lstm"


class GRUCell(_Cell):
    """One GRU step, parameters as ``nn.GRUCell``."""

    kind = "gru"


class _Layer(_Recurrent):
    """A cell unrolled over ``T``; parameters named as in ``nn.RNN`` (``_l0``).

    The loop in ``forward`` is the whole idea, and also why it cannot run in
    parallel over time: step ``t`` needs the state from step ``t - 1``.
    """

    def __init__(self, input_size: int, num_hiddens: int) -> None:
        super().__init__(input_size, num_hiddens, layer=True)

    def forward(self, X: torch.Tensor, state=None):
        self._check(X, 3, "(B, T, C)")
        if state is None:
            state = self._zeros(X[:, 0])
        elif self.kind == "lstm":
            state = (state[0][0], state[1][0])  # (1, B, H) -> (B, H)
        else:
            state = state[0]
        step, params = _STEPS[self.kind][0], self._params()
        outputs = []
        for t in range(X.shape[1]):
            state = step(X[:, t], state, *params)  # (B, C) -> (B, H)
            outputs.append(state[0] if self.kind == "lstm" else state)
        Y = torch.stack(outputs, dim=1)  # T x (B, H) -> (B, T, H)
        if self.kind == "lstm":
            return Y, (state[0][None], state[1][None])  # (1, B, H) each
        return Y, state[None]  # (1, B, H)


class RNN(_Layer):
    """A vanilla RNN over a whole sequence: the cell unrolled over ``T``.

    ``X`` is ``(B, T, C)``; returns ``(outputs, h_T)`` like
    ``nn.RNN(batch_first=True)``: outputs ``(B, T, H)``, ``h_T`` ``(1, B, H)``.
    """

    kind = "rnn"


class LSTM(_Layer):
    """An LSTM over ``(B, T, C)``; returns ``(outputs, (h_T, c_T))`` like
    ``nn.LSTM(batch_first=True)``."""

    kind = "lstm"


class GRU(_Layer):
    """A GRU over ``(B, T, C)``; returns ``(outputs, h_T)`` like
    ``nn.GRU(batch_first=True)``."""

    kind = "gru"


# --- a character-level language model ------------------------------------


class CharLSTM(nn.Module):
    """Embedding → LSTM → linear: predicts the next character at every step
    (Karpathy's char-rnn, 2015, at CPU size).  Input ids ``(B, T)``; output
    logits ``(B, T, V)`` and the LSTM state, to carry on while sampling."""

    def __init__(self, vocab_size: int, *, num_hiddens: int = 128,
                 embed_size: int = 32) -> None:
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.lstm = nn.LSTM(embed_size, num_hiddens, batch_first=True)
        self.out = nn.Linear(num_hiddens, vocab_size)

    def forward(self, X: torch.Tensor, state=None):
        if X.dim() != 2 or X.dtype != torch.long:
            raise ValueError(f"CharLSTM expects (B, T) long ids, got "
                             f"{tuple(X.shape)} {X.dtype}")
        Y, state = self.lstm(self.embed(X), state)  # (B, T, H)
        return self.out(Y), state  # (B, T, V)


@torch.no_grad()
def generate(model: CharLSTM, prompt: torch.Tensor, num_chars: int, *,
             temperature: float = 1.0,
             generator: torch.Generator | None = None) -> torch.Tensor:
    """Feed ``prompt`` ids ``(T,)``, then sample ``num_chars`` more ids, one
    at a time, each fed back in.  Lower ``temperature`` = safer choices."""
    if prompt.dim() != 1 or len(prompt) == 0 or temperature <= 0:
        raise ValueError(
            "generate expects a non-empty 1-D prompt and temperature > 0, "
            f"got {tuple(prompt.shape)}, {temperature}")
    model.eval()
    logits, state = model(prompt[None])  # (1, T, V)
    out = []
    for _ in range(num_chars):
        probs = (logits[0, -1] / temperature).softmax(dim=-1)  # (V,)
        nxt = torch.multinomial(probs, 1, generator=generator)  # (1,)
        out.append(nxt)
        logits, state = model(nxt[None], state)  # one step: (1, 1, V)
    return torch.cat([prompt, *out])
