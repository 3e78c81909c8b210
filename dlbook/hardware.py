"""Pick the device a model should run on (CUDA, Apple MPS, or CPU).

Taught on the page "The neuron / 神经元" (``docs/*/neuron.md``).
"""

from __future__ import annotations

import torch

_KNOWN = ("auto", "cuda", "mps", "cpu")


def device(prefer: str = "auto") -> torch.device:
    """Return the best available ``torch.device``.

    ``prefer="auto"`` tries CUDA, then Apple's MPS, then falls back to the CPU,
    so the same code runs on a laptop and on a GPU server.  Ask for a
    particular kind with ``prefer="cuda"`` / ``"mps"`` / ``"cpu"``; asking for
    one that is not present raises ``RuntimeError`` instead of silently
    running somewhere else.
    """
    if not isinstance(prefer, str) or prefer not in _KNOWN:
        raise ValueError(f"prefer must be one of {_KNOWN}, got {prefer!r}")
    has_cuda = torch.cuda.is_available()
    has_mps = torch.backends.mps.is_available()
    if prefer == "auto":
        if has_cuda:
            return torch.device("cuda")
        if has_mps:
            return torch.device("mps")
        return torch.device("cpu")
    if prefer == "cuda" and not has_cuda:
        raise RuntimeError("prefer='cuda' but torch.cuda.is_available() is False")
    if prefer == "mps" and not has_mps:
        raise RuntimeError("prefer='mps' but torch.backends.mps is not available")
    return torch.device(prefer)
