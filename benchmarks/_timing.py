"""The one timer the benchmark scripts share.

Run a benchmark as ``python benchmarks/<name>.py``: Python then puts this
folder on ``sys.path``, so ``from _timing import median_seconds`` works.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import torch


def median_seconds(fn: Callable[[], object], device: torch.device, repeats: int,
                   *, budget: float | None = None) -> float:
    """Median seconds of ``fn()`` over ``repeats`` runs, after one warm-up.

    On CUDA, kernels run asynchronously: synchronise before reading the
    clock, or only the launch is timed.  With a ``budget`` (seconds), the
    runs stop early once it is spent (after at least 3), so a slow case
    does not hold up a whole table.
    """
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < repeats:
        if budget is not None and len(times) >= 3 and time.perf_counter() - start > budget:
            break
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]
