"""Scaling laws: how loss falls as models grow, and what big models cost.

Kaplan et al. (2020, "Scaling Laws for Neural Language Models") found that
a language model's test loss falls as a power of its size,
``L(N) = (N_c / N) ** alpha_N`` with ``alpha_N ≈ 0.076`` (N counts the
parameters outside the embeddings), when data and training are not the
bottleneck.  Hoffmann et al. (2022, "Training Compute-Optimal Large Language
Models", the Chinchilla paper) fitted ``L(N, D) = E + A / N**alpha + B /
D**beta`` with an irreducible loss ``E``, and concluded that for a fixed
compute budget parameters and training tokens should grow together, about
20 tokens per parameter.

This module trains the book's GPT at several sizes on the same budget,
fits the power law, and holds published model sizes and compute for the
table on the page "Scale / 规模" (``docs/*/transformer/scale.md``).
Training compute is ``C ≈ 6 N D`` floating-point operations (Kaplan et al.
2020, sec. 2.1): 2 per parameter per token forward, 4 backward.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from dlbook.gpt import GPT
from dlbook.text import random_windows
from dlbook.train import History, check_training_args, progress_bar


def non_embedding_params(model: GPT) -> int:
    """Parameters outside the token and position embeddings (Kaplan's N)."""
    embed = model.tok.weight.numel() + model.pos.weight.numel()
    return sum(p.numel() for p in model.parameters()) - embed


def train_char_gpt(model: GPT, train: torch.Tensor, val: torch.Tensor, *,
                   num_steps: int, batch_size: int = 32, lr: float = 3e-3,
                   seed: int = 0, progress: bool | None = None) -> History:
    """Train a GPT on character ids with AdamW; return its ``History``.

    ``train_loss`` holds the loss of every step, ``val_loss`` one entry
    measured after the last step: the mean over every non-overlapping window
    of ``val``, in nats per character.  ``seed`` draws the batches, so every
    size sees the same batches for the same number of steps.  Fix the
    random seed of the model's initialisation too (``torch.manual_seed``
    before building it), and the only thing that changes between runs is
    the model.
    """
    check_training_args(num_steps=num_steps, lr=lr, batch_size=batch_size, seed=seed)
    if train.dim() != 1 or val.dim() != 1:
        raise ValueError("train and val must be 1-D tensors of character ids")
    T = model.config.block_size
    if len(val) < T + 1:
        raise ValueError(f"val needs at least block_size + 1 = {T + 1} ids, "
                         f"got {len(val)}")
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    history = History(unit="step")
    model.train()
    for _ in progress_bar(num_steps, "step", progress):
        X, y = random_windows(train, seq_len=T, batch_size=batch_size,
                              generator=gen)  # (B, T), (B, T)
        loss = F.cross_entropy(model(X).flatten(0, 1), y.flatten())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.log(train_loss=loss.item())
    n = (len(val) - 1) // T
    X = val[: n * T].reshape(n, T)  # (n, T) non-overlapping windows
    y = val[1: n * T + 1].reshape(n, T)
    with torch.no_grad():
        val_loss = F.cross_entropy(model.eval()(X).flatten(0, 1), y.flatten())
    history.log(val_loss=val_loss.item())
    return history


def fit_power_law(N, L, *, floor: float = 0.0) -> tuple[float, float]:
    """Least squares in log space: ``L - floor ≈ a * N ** -alpha``.

    Returns ``(a, alpha)``.  With ``floor = 0`` this is Kaplan's form, a
    straight line on a log-log plot whose slope is ``-alpha``.
    """
    N, L = np.asarray(N, dtype=float), np.asarray(L, dtype=float)
    if N.shape != L.shape or N.ndim != 1 or len(N) < 2:
        raise ValueError(f"fit_power_law needs two 1-D arrays of the same length "
                         f">= 2, got shapes {N.shape} and {L.shape}")
    if (N <= 0).any() or (L <= floor).any():
        raise ValueError(f"need N > 0 and every loss above floor={floor}")
    slope, intercept = np.polyfit(np.log(N), np.log(L - floor), 1)
    return float(np.exp(intercept)), float(-slope)


def fit_power_law_with_floor(N, L) -> tuple[float, float, float]:
    """Fit ``L ≈ E + a * N ** -alpha`` (Chinchilla's form in N alone).

    ``E`` is the loss no model size removes (the text's own randomness, and
    here the fixed training budget).  It is found by trying floors between
    0 and just under the smallest loss and keeping the one whose log-log fit
    has the smallest squared error.  Returns ``(E, a, alpha)``.
    """
    N, L = np.asarray(N, dtype=float), np.asarray(L, dtype=float)
    best = None
    for E in np.linspace(0.0, L.min() * 0.995, 400):
        a, alpha = fit_power_law(N, L, floor=E)
        err = np.sum((np.log(L - E) - np.log(a * N ** -alpha)) ** 2)
        if best is None or err < best[0]:
            best = (err, E, a, alpha)
    return float(best[1]), float(best[2]), float(best[3])


@dataclass(frozen=True)
class PublishedModel:
    """One row of the table: numbers as the cited paper gives them.

    ``None`` means the paper does not publish that number.
    """

    name: str
    year: int
    params: float
    tokens: float | None
    flops: float | None
    source: str
    gpu_hours: float | None = None


PUBLISHED = [
    PublishedModel("Transformer (base)", 2017, 65e6, None, 3.3e18,
                   "Vaswani et al. 2017, Tables 2-3"),
    PublishedModel("BERT-large", 2018, 340e6, 256 * 512 * 1e6, None,
                   "Devlin et al. 2019, sec. 3.1 and A.2"),
    PublishedModel("GPT-2", 2019, 1.5e9, None, None,
                   "Radford et al. 2019, Table 2"),
    PublishedModel("GPT-3", 2020, 175e9, 300e9, 3.14e23,
                   "Brown et al. 2020, Table D.1"),
    PublishedModel("Chinchilla", 2022, 70e9, 1.4e12, 5.76e23,
                   "Hoffmann et al. 2022, Table 1"),
    PublishedModel("PaLM", 2022, 540e9, 780e9, 2.56e24,
                   "Chowdhery et al. 2022"),
    PublishedModel("Llama 2 70B", 2023, 70e9, 2e12, None,
                   "Touvron et al. 2023, Tables 1-2", gpu_hours=1_720_320),
]


def training_flops(params: float, tokens: float) -> float:
    """``C ≈ 6 N D``: the compute to train N parameters on D tokens."""
    if params <= 0 or tokens <= 0:
        raise ValueError(f"params and tokens must be > 0, got {params}, {tokens}")
    return 6.0 * params * tokens


def price_estimate(flops: float, *, peak_flops: float = 312e12,
                   utilisation: float = 0.4,
                   dollars_per_gpu_hour: float = 2.0) -> tuple[float, float]:
    """An *estimate*: GPU-hours and dollars to do ``flops`` of training.

    The defaults assume NVIDIA A100 GPUs (312 TFLOP/s peak in bf16), 40 % of
    that peak reached in practice, and a cloud price of $2 per GPU-hour;
    each assumption can move the answer by a factor of two or more.
    Returns ``(gpu_hours, dollars)``.
    """
    if not 0 < utilisation <= 1:
        raise ValueError(f"utilisation must be in (0, 1], got {utilisation}")
    hours = flops / (peak_flops * utilisation) / 3600
    return hours, hours * dollars_per_gpu_hour
