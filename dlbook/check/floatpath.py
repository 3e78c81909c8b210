"""The float path: how this machine adds and multiplies floats, and the book's.

The same code, with the same library versions and the same seed, can print
other last digits on another CPU: torch picks its kernels by the CPU's
vector width (``torch.backends.cpu.get_cpu_capability()``: ``DEFAULT``,
``AVX2``, ``AVX512``; ``ATEN_CPU_CAPABILITY`` overrides it), the matrix
products come from a BLAS (Intel's MKL on x86-64, Apple's Accelerate on an
ARM Mac) and the convolutions from oneDNN, and each of them may sum in
another order.  A long training run can carry that rounding into a printed
number.  ``python -m dlbook check`` shows the reader's float path beside
:data:`BOOK`, the paths every output of the book is checked on, so that a
CPU difference (the book's versions, another float path) is told apart from
a broken install (other versions, or an error).
"""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# The environment variables that move a run to another float path.
SETTINGS = ("ATEN_CPU_CAPABILITY", "MKL_CBWR", "MKL_ENABLE_INSTRUCTIONS",
            "ONEDNN_MAX_CPU_ISA")
# A float path that any x86-64 CPU can take: torch's kernels without SIMD,
# MKL's reproducible code path and oneDNN held to SSE4.1 (make test-portable).
PORTABLE = {"ATEN_CPU_CAPABILITY": "default", "MKL_CBWR": "COMPATIBLE",
            "ONEDNN_MAX_CPU_ISA": "SSE41"}


@dataclass(frozen=True)
class FloatPath:
    """What decides the last bits of a run's floats.

    ``kernels`` is torch's CPU capability, ``blas`` the library behind its
    matrix products, ``settings`` the variables of :data:`SETTINGS` that are
    set.  ``processor`` names the CPU, for the reader; it is not compared.
    """

    machine: str  # platform.machine(): x86_64, arm64, aarch64
    kernels: str
    blas: str
    threads: int = 1
    settings: tuple[tuple[str, str], ...] = ()
    processor: str = field(default="", compare=False)

    def describe(self) -> str:
        """``x86_64 (Intel Xeon), AVX2 kernels, MKL, one thread, no
        float-path variables set``."""
        cpu = f"{self.machine} ({self.processor})" if self.processor else self.machine
        threads = "one thread" if self.threads == 1 else f"{self.threads} threads"
        settings = (" ".join(f"{k}={v}" for k, v in self.settings)
                    or "no float-path variables set")
        return f"{cpu}, {self.kernels} kernels, {self.blas}, {threads}, {settings}"


# The float paths on which every output of the book is checked (make test
# on x86-64 CPUs with AVX-512 and with AVX2, make test-portable), with the
# CPU build of the torch that requirements.lock pins, one thread.
BOOK = (
    FloatPath("x86_64", "AVX512", "MKL"),
    FloatPath("x86_64", "AVX2", "MKL"),
    FloatPath("x86_64", "DEFAULT", "MKL", settings=tuple(PORTABLE.items())),
)
BOOK_TORCH = "CPU build"


def book() -> str:
    """The book's float paths in one line."""
    native = " or ".join(p.kernels for p in BOOK if not p.settings)
    portable = " ".join(f"{k}={v}" for p in BOOK if p.settings for k, v in p.settings)
    return (f"x86_64 with {native} kernels, MKL, one thread, and the portable "
            f"path ({portable}); torch's {BOOK_TORCH}")


def here(threads: int, env: Mapping[str, str] | None = None) -> FloatPath:
    """The float path of a run on this machine with ``threads`` threads and
    the environment ``env`` (this process's by default; torch must not have
    run a kernel before ``ATEN_CPU_CAPABILITY`` is set)."""
    import torch

    env = os.environ if env is None else env
    return FloatPath(
        machine=platform.machine() or "unknown machine",
        kernels=torch.backends.cpu.get_cpu_capability(),
        blas=_blas(torch),
        threads=threads,
        settings=tuple((k, env[k]) for k in SETTINGS if env.get(k)),
        processor=_processor())


def is_the_books(path: FloatPath) -> bool:
    """Whether the book's outputs are checked on this very float path."""
    return path in BOOK


def _blas(torch) -> str:
    if torch.backends.mkl.is_available():
        return "MKL"
    found = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    return found.group(1) if found else "unknown BLAS"


def _processor() -> str:
    """The CPU's model name (``/proc/cpuinfo`` on Linux), else what
    :func:`platform.processor` says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()
