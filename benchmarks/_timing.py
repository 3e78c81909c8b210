"""The one timer the benchmark scripts share.

Run a benchmark as ``python benchmarks/<name>.py``: Python then puts this
folder on ``sys.path``, so ``from _timing import median_seconds`` works.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import torch


def median_seconds(fn: Callable[[], object], device: torch.device, repeats: int) -> float:
    """Median seconds of ``fn()`` over ``repeats`` runs, after one warm-up.

    On CUDA, kernels run asynchronously: synchronise before reading the
    clock, or only the launch is timed.
    """
    fn()
    times = []
    for _ in range(repeats):
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]
