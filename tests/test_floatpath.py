"""The float path of this machine and the book's (``dlbook/check/floatpath.py``)."""

from __future__ import annotations

import platform

import torch

from dlbook.check import floatpath
import pytest

pytestmark = pytest.mark.lesson


def test_here_names_kernels_blas_machine_threads_and_the_variables_set():
    env = {"MKL_CBWR": "COMPATIBLE", "ONEDNN_MAX_CPU_ISA": "", "PATH": "/bin"}
    path = floatpath.here(2, env)
    assert path.machine == platform.machine()
    assert path.kernels == torch.backends.cpu.get_cpu_capability()
    if torch.backends.mkl.is_available():
        assert path.blas == "MKL"
    assert path.threads == 2
    assert path.settings == (("MKL_CBWR", "COMPATIBLE"),)  # set and not empty only
    text = path.describe()
    assert f"{path.kernels} kernels, {path.blas}, 2 threads, MKL_CBWR=COMPATIBLE" in text


def test_the_books_float_paths_are_x86_with_mkl_and_the_portable_one():
    assert {p.kernels for p in floatpath.BOOK} == {"AVX512", "AVX2", "DEFAULT"}
    assert all(p.machine == "x86_64" and p.blas == "MKL" and p.threads == 1
               for p in floatpath.BOOK)
    (portable,) = [p for p in floatpath.BOOK if p.settings]
    assert dict(portable.settings) == floatpath.PORTABLE
    assert floatpath.is_the_books(floatpath.FloatPath(
        "x86_64", "AVX2", "MKL", processor="any x86-64 CPU"))
    assert not floatpath.is_the_books(floatpath.FloatPath("arm64", "DEFAULT", "accelerate"))
    assert not floatpath.is_the_books(floatpath.FloatPath("x86_64", "AVX2", "MKL", threads=4))
