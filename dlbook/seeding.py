"""Seed every random number generator the book uses, in one call.

Printed numbers on the pages are the same on every machine because each
snippet starts with ``seed_everything(...)`` and rounds what it prints.
"""

from __future__ import annotations

import random

import numpy as np
import torch


def seed_everything(seed: int = 0, *, deterministic: bool = True) -> int:
    """Seed Python's ``random``, NumPy and PyTorch (CPU and all GPUs).

    With ``deterministic=True`` PyTorch is also asked to pick deterministic
    kernels where it has them (``torch.use_deterministic_algorithms`` in
    warn-only mode, so an op without one still runs).  Returns ``seed`` so a
    snippet can print or log it.
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if not 0 <= seed < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {seed}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
    torch.use_deterministic_algorithms(deterministic, warn_only=True)
    return seed
