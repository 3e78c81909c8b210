"""How long a recurrent network remembers: recall a token seen k steps ago.

The task of the page "Memory, measured / 记忆力实测"
(``docs/*/rnn/memory.md``): a signal token, then ``k`` noise tokens, and the
network must name the signal.  It uses torch's own ``nn.RNN`` / ``nn.LSTM``
/ ``nn.GRU`` (``dlbook.rnn`` writes the same cells out and is tested equal to
them), because the experiment is about what the gates make learnable, and
the fused layers train several times faster.  Tested in
``tests/test_rnn.py``.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbook.train import check_training_args

NUM_SIGNALS, NUM_NOISE = 4, 4
MODELS = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}


def recall_batch(
    k: int, batch_size: int, *, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """A signal token (one of 4), then ``k`` noise tokens; the label is the
    signal.  ``X`` is one-hot ``(B, k + 1, 8)``, ``y`` is ``(B,)``.

    Only a network that carries the first token through ``k`` steps can beat
    the 25 % of guessing (the "adding"/"copy" tasks of Hochreiter &
    Schmidhuber 1997 are of this kind).
    """
    if k < 0 or batch_size < 1:
        raise ValueError(
            f"need k >= 0 and batch_size >= 1, got {k}, {batch_size}")
    y = torch.randint(NUM_SIGNALS, (batch_size,), generator=generator)  # (B,)
    noise = torch.randint(NUM_NOISE, (batch_size, k), generator=generator)
    tokens = torch.cat([y[:, None], noise + NUM_SIGNALS], dim=1)  # (B, k+1)
    X = nn.functional.one_hot(tokens, NUM_SIGNALS + NUM_NOISE).float()
    return X, y  # (B, T, C), (B,)


def _layer(kind: str, num_hiddens: int, forget_bias: float | None,
           keep_bias: float | None = None):
    """A torch layer of ``kind``, optionally with its gates set to "keep".

    ``forget_bias`` sets an LSTM's forget-gate bias (Gers et al. 2000 start
    it at 1 so the cell keeps its memory).  ``keep_bias`` = b goes further
    and starts the gates so the state is *kept and left alone*: an LSTM's
    forget gate at bias +b and its input gate at -b (a fixed version of
    the "chrono" initialisation of Tallec & Ollivier 2018, which draws b
    around log of the lag to be learned); a GRU's update gate z at +b (torch
    computes ``h = (1 - z) * n + z * h``, so z near 1 keeps ``h``).  A plain
    RNN has no gate to set.
    """
    if kind not in MODELS:
        raise ValueError(f"kind must be one of {list(MODELS)}, got {kind!r}")
    layer = MODELS[kind](NUM_SIGNALS + NUM_NOISE, num_hiddens, batch_first=True)
    H = num_hiddens
    if forget_bias is not None:
        if kind != "LSTM":
            raise ValueError(f"forget_bias is for the LSTM, got kind={kind!r}")
        with torch.no_grad():  # gates i, f, g, o: f is the second block
            layer.bias_ih_l0[H : 2 * H] = forget_bias
            layer.bias_hh_l0[H : 2 * H] = 0.0
    if keep_bias is not None:
        if kind == "RNN":
            raise ValueError("keep_bias sets gates; a plain RNN has none")
        with torch.no_grad():
            layer.bias_hh_l0.zero_()
            if kind == "LSTM":  # blocks i, f, g, o
                layer.bias_ih_l0[:H] = -keep_bias  # input gate nearly shut
                layer.bias_ih_l0[H : 2 * H] = keep_bias  # forget gate open
            else:  # GRU blocks r, z, n
                layer.bias_ih_l0[H : 2 * H] = keep_bias  # update gate: keep h
    return layer


class Recaller(nn.Module):
    """A torch recurrent layer (``"RNN"``, ``"LSTM"`` or ``"GRU"``) whose last
    hidden state is read by a linear layer: the model of the memory page."""

    def __init__(
        self, kind: str, num_hiddens: int, *, forget_bias: float | None = None,
        keep_bias: float | None = None,
    ) -> None:
        super().__init__()
        self.rnn = _layer(kind, num_hiddens, forget_bias, keep_bias)
        self.out = nn.Linear(num_hiddens, NUM_SIGNALS)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        Y, _ = self.rnn(X)  # (B, T, H)
        return self.out(Y[:, -1])  # last step only: (B, 4)


def recall_accuracy(
    kind: str,
    k: int,
    *,
    num_hiddens: int = 32,
    num_steps: int = 120,
    lr: float = 0.01,
    batch_size: int = 128,
    forget_bias: float | None = None,
    keep_bias: float | None = None,
    clip: float | None = None,
    seed: int = 0,
) -> float:
    """Train a ``Recaller`` for ``num_steps`` Adam steps on fresh batches,
    then return its accuracy on 1,000 new sequences.

    ``clip`` rescales the gradient so its norm is at most ``clip`` before
    each step (Pascanu et al. 2013): recurrent nets occasionally produce a
    huge gradient that would undo what they learned.  ``forget_bias`` and
    ``keep_bias`` set the gates' starting biases (see ``_layer``).

    It returns one number, not a ``History``: it is an experiment (build a
    fresh model, train it, test it), and each call is one point of the
    page's curves.
    """
    check_training_args(num_steps=num_steps, lr=lr, batch_size=batch_size, seed=seed)
    if clip is not None and clip <= 0:
        raise ValueError(f"clip must be positive or None, got {clip!r}")
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    model = Recaller(kind, num_hiddens, forget_bias=forget_bias,
                     keep_bias=keep_bias)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(num_steps):
        X, y = recall_batch(k, batch_size, generator=g)
        loss = nn.functional.cross_entropy(model(X), y)
        opt.zero_grad()
        loss.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
    X, y = recall_batch(k, 1000, generator=g)
    with torch.no_grad():
        return (model(X).argmax(dim=1) == y).float().mean().item()


def gradient_by_distance(
    kind: str,
    T: int,
    *,
    num_hiddens: int = 32,
    forget_bias: float | None = None,
    seed: int = 0,
) -> torch.Tensor:
    """``||d h_T / d x_t||`` for ``t = T-1, ..., 0``: index ``d`` of the result
    is the gradient reaching the input ``d`` steps before the end (mean over
    16 random sequences).

    An untrained layer with torch's default init; ``forget_bias`` (LSTM only)
    sets the forget gate's bias, which is what training can learn to do.
    Shows how much of a late error signal still reaches an early input.
    """
    if T < 1:
        raise ValueError(f"T must be >= 1, got {T}")
    torch.manual_seed(seed)
    layer = _layer(kind, num_hiddens, forget_bias)
    X = torch.randn(16, T, NUM_SIGNALS + NUM_NOISE, requires_grad=True)
    Y, _ = layer(X)  # (16, T, H)
    Y[:, -1].sum().backward()
    return X.grad.norm(dim=2).mean(dim=0).flip(0)  # (T,), distance 0 first


