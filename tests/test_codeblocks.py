"""Run every code block a reader sees, in both languages, as rendered.

Blocks come from pytest-codeblocks' extractor after pymdownx.snippets has
expanded the ``--8<--`` includes (see ``tests/pages.py``).  A Python block
runs with ``__name__ == "__main__"`` in a fresh namespace and a temporary
working directory; its printed output must equal the block shown after
``<!--pytest-codeblocks:expected-output-->``.  A failure names the page, the
snippet file and the line.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import io
import os
import subprocess
import sys
import traceback
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from pages import LANGS, ROOT, RUN_SYNTAX, Block, blocks, pages


def _collect() -> list:
    params = []
    for lang in LANGS:
        for page in pages(lang):
            for block in blocks(page):
                if block.syntax not in RUN_SYNTAX:
                    continue
                marks = [eval(m, {"pytest": pytest}) for m in block.marks]
                params.append(pytest.param(block, id=block.id, marks=marks))
    return params


BLOCKS = _collect()


def test_every_language_has_runnable_blocks():
    for lang in LANGS:
        assert any(p.id.startswith(f"{lang}/") for p in BLOCKS), lang


def _where(block: Block, exc: BaseException) -> str:
    """Translate the block's traceback lines to page / snippet lines."""
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == block.id:
            origin = block.origins[frame.lineno - 1]
            lines.append(f"  {origin}: {origin.path.read_text('utf-8').splitlines()[origin.line - 1].strip()}")
        elif "site-packages" not in frame.filename and "tests/" not in frame.filename:
            lines.append(f"  {frame.filename}:{frame.lineno}: {frame.line}")
    return "\n".join(lines)


def _diff(expected: str, got: str) -> str:
    return "\n".join(difflib.unified_diff(
        expected.splitlines(), got.splitlines(), "shown on the page", "printed", lineterm=""))


_NUMPY_PRINT = np.get_printoptions()
_RC = matplotlib.rcParams.copy()


@pytest.fixture(autouse=True)
def _fresh_process_state():
    """Blocks share one Python process: undo the global settings a block may
    change (print precision, default dtype, ...) so that no block's output
    depends on which blocks ran before it."""
    yield
    torch.set_printoptions(profile="default")
    np.set_printoptions(**_NUMPY_PRINT)
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated rc keys
        matplotlib.rcParams.update(_RC)


@pytest.mark.parametrize("block", BLOCKS)
def test_code_block(block: Block, tmp_path, monkeypatch):
    if block.importorskip:
        pytest.importorskip(block.importorskip)
    files = ", ".join(str(p.relative_to(ROOT)) for p in block.snippet_files) or "inline"
    header = f"{block.id} (code from {files})"
    monkeypatch.chdir(tmp_path)

    if block.syntax in {"bash", "sh"}:
        # `python` in a shell block is this interpreter (the project's .venv).
        env = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ["PATH"]]))
        proc = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", block.code], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            pytest.fail(f"{header} exited {proc.returncode}:\n{proc.stderr[-3000:]}", pytrace=False)
        output = proc.stdout
    else:
        importlib.invalidate_caches()
        code = compile(block.code, block.id, "exec")
        namespace = {"__name__": "__main__", "__file__": str(block.snippet_files[0]) if block.snippet_files else block.id}
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                exec(code, namespace)
        except BaseException as exc:  # noqa: BLE001 - reported with its location
            pytest.fail(
                f"{header} raised {type(exc).__name__}: {exc}\n{_where(block, exc)}",
                pytrace=False)
        finally:
            plt.close("all")
            sys.stdout.flush()
        output = out.getvalue()

    if block.expected_output is not None and output != block.expected_output:
        pytest.fail(f"{header}: printed output differs from the page\n"
                    f"{_diff(block.expected_output, output)}", pytrace=False)
