"""Run a chain of snippets in this process and return what each printed.

In-process because it is faster than a fresh ``python snippet.py`` per
snippet (torch and dlbook are imported once, not once per snippet);
``scripts/outputs.py`` writes the ``.out`` files from real subprocess runs, so
the two ways of running are compared every time the tests pass.  Each chain
gets a fresh namespace, a fresh empty working directory, and
:func:`fresh_state` undoes the process-wide settings a snippet may change.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch

from pages import ROOT, Chain

_NUMPY_PRINT = np.get_printoptions()
_RC = matplotlib.rcParams.copy()


@contextlib.contextmanager
def fresh_state() -> Iterator[None]:
    """Snippets share one Python process: undo the global settings one may
    change (print precision, default dtype, ...) so that no snippet's output
    depends on which snippets ran before it."""
    try:
        yield
    finally:
        plt.close("all")
        torch.set_printoptions(profile="default")
        np.set_printoptions(**_NUMPY_PRINT)
        torch.set_default_dtype(torch.float32)
        torch.set_grad_enabled(True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated rc keys
            matplotlib.rcParams.update(_RC)


class SnippetError(Exception):
    """A snippet raised; ``outputs`` holds what the chain printed so far."""

    def __init__(self, index: int, outputs: list[str]):
        super().__init__(index)
        self.index, self.outputs = index, outputs


def run_python(chain: Chain, cwd: Path) -> list[str]:
    """Run a chain's Python blocks one after another in one namespace, in
    ``cwd``, as ``__main__``; return each block's printed output.

    Each block is compiled under its snippet's real path, so a traceback
    points at the snippet file and line.  Raises :class:`SnippetError` from
    the block's own exception.
    """
    importlib.invalidate_caches()  # a snippet may import a file written before it
    namespace = {"__name__": "__main__"}
    outputs: list[str] = []
    old_cwd = os.getcwd()
    os.chdir(cwd)
    try:
        with fresh_state():
            for i, block in enumerate(chain.blocks):
                path = str(block.snippet or block.id)
                namespace["__file__"] = path
                out = io.StringIO()
                try:
                    with contextlib.redirect_stdout(out):
                        exec(compile(block.code, path, "exec"), namespace)
                except BaseException as exc:
                    outputs.append(out.getvalue())
                    raise SnippetError(i, outputs) from exc
                outputs.append(out.getvalue())
    finally:
        os.chdir(old_cwd)
    return outputs


def run_shell(chain: Chain) -> list[str]:
    """Run a shell block from the repository root, as a reader of the page
    would, with this interpreter's ``python`` first on PATH."""
    env = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable),
                                                 os.environ["PATH"]]))
    outputs = []
    for block in chain.blocks:
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", block.code], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise RuntimeError(f"exited {proc.returncode}:\n{proc.stderr[-3000:]}")
        outputs.append(proc.stdout)
    return outputs
