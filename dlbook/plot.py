"""Plotting helpers: small wrappers around matplotlib that keep snippets short.

Every function returns the ``matplotlib.figure.Figure`` it drew, so a page's
snippet can end with ``plt.show()`` like any matplotlib script.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

ArrayLike = torch.Tensor | np.ndarray | Sequence[float]


def _to_numpy(values: ArrayLike, what: str) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        values = values.detach().cpu().numpy()
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{what} must be a non-empty 1-D sequence, got shape {arr.shape}")
    return arr


def lines(
    x: ArrayLike,
    ys: Mapping[str, ArrayLike],
    *,
    title: str = "",
    xlabel: str = "",
    ylabel: str = "",
    figsize: tuple[float, float] = (6.0, 3.5),
) -> Figure:
    """Draw one line per entry of ``ys`` (label -> values) against ``x``."""
    if not ys:
        raise ValueError("ys must map at least one label to values, got an empty mapping")
    xs = _to_numpy(x, "x")
    fig, ax = plt.subplots(figsize=figsize)
    for label, values in ys.items():
        v = _to_numpy(values, f"ys[{label!r}]")
        if v.shape != xs.shape:
            raise ValueError(
                f"ys[{label!r}] has {v.size} values but x has {xs.size}"
            )
        ax.plot(xs, v, label=label)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return fig


def image_grid(rows: dict[str, torch.Tensor], *, size: int = 8,
               title: str = "") -> Figure:
    """Draw one row of small grey images per entry: ``{label: (N, size²)}``.

    Used on the generative pages to put originals, reconstructions and
    samples side by side.
    """
    if not rows:
        raise ValueError("image_grid needs at least one row, got none")
    n = min(len(v) for v in rows.values())
    fig, axes = plt.subplots(len(rows), n, figsize=(n * 0.8, len(rows) * 0.9),
                             squeeze=False)
    for r, (label, images) in enumerate(rows.items()):
        if images[0].numel() != size * size:
            raise ValueError(f"row {label!r}: expected images of {size * size} "
                             f"pixels, got {images[0].numel()}")
        for c in range(n):
            ax = axes[r][c]
            ax.imshow(images[c].detach().cpu().numpy().reshape(size, size),
                      cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r][0].set_ylabel(label, rotation=0, ha="right", va="center")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
