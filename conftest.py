"""The book's pages through pytest-codeblocks: ``pytest --codeblocks PAGE``.

pytest-codeblocks collects the fenced ``python``/``sh``/``bash`` blocks of
a Markdown file, joins a block marked ``<!--pytest-codeblocks:cont-->`` to
the one before it, and checks what the chain prints against the
``<!--pytest-codeblocks:expected-output-->`` fence after it.  A page of the
book is written in that grammar, but shows its code and output as includes
(``--8<-- "cnn/lenet.py"`` and ``--8<-- "cnn/lenet.out"``), which
pytest-codeblocks cannot see behind, and may show an output after each block
of a chain.  So for a page under ``docs/`` this file hands pytest-codeblocks'
own extractor (``extract_from_buffer``) the page as pytest-codeblocks reads
it (:func:`codeblocks_text`): the includes expanded, each chain's shown
outputs joined after its last block, and the fences that do not run left
out.  Each chain is one test, named by page and line
(``docs/en/optim/index.md::line 63``), run by pytest-codeblocks' ``TestBlock``
with two changes (:class:`BookBlock`): the printed output is compared by the
book's rule (``dlbook.check.outputs``, not character by character), and each chain
starts as a reader's pasted copy would, in a fresh namespace, in an empty
folder, with torch's random generator as a new process has it.

``make test-portable`` runs every chain of the English pages this way with
another float path than ``make test``'s (the Makefile says which), so a
printed number that depends on the CPU's instruction set fails there.  Any
other Markdown file (README, CONTRIBUTING, ARCHITECTURE) is left to
pytest-codeblocks' own plugin.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from pytest_codeblocks.main import extract_from_buffer, stdout_io
from pytest_codeblocks.plugin import MarkdownFile, TestBlock

# Another float path than a machine's own (PORTABLE): torch's kernels without
# SIMD, MKL's reproducible code path and oneDNN held to SSE4.1.  Each of the
# three changes the results of the book's training runs on the machines it
# is tested on (MKL_ENABLE_INSTRUCTIONS, also tried, changed none).  Importing
# torch (dlbook does) before they are set is fine; running a kernel is not.
from dlbook.check.floatpath import PORTABLE
from dlbook.check.floatpath import SETTINGS as FLOAT_KNOBS
from dlbook.check.pages import book_of, codeblocks_text

os.environ.setdefault("MPLBACKEND", "Agg")  # figures drawn off-screen

ROOT = Path(__file__).resolve().parent
# what a fresh process's torch.initial_seed() is (torch's default seed)
TORCH_FIRST_SEED = 67280421310721


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """A page of the book is collected as a :class:`BookPage`, instead of
    pytest-codeblocks' plain ``MarkdownFile``."""
    found = yield
    if not (parent.config.option.codeblocks and file_path.suffix == ".md"
            and book_of(file_path)):
        return found
    return [f for f in found if not isinstance(f, MarkdownFile)] + [
        BookPage.from_parent(parent, path=file_path)]


class BookPage(MarkdownFile):
    def collect(self):
        text, where = codeblocks_text(self.path)
        for block in extract_from_buffer(io.StringIO(text)):
            if block.syntax not in ("python", "sh", "bash"):
                continue
            item = BookBlock.from_parent(self, name=f"line {where[block.lineno - 1]}")
            item.obj = block
            for mark in block.marks:
                item.add_marker(eval(mark, {"sys": sys, "pytest": pytest}))
            yield item


class BookBlock(TestBlock):
    """One chain of a page, run as a reader's pasted copy, checked by the
    book's rule."""

    def runtest(self):
        from dlbook.check.outputs import check

        block = self.obj
        folder = tempfile.mkdtemp(prefix="dlbook-chain-")
        try:
            if block.syntax == "python":
                printed = self._run_python(block.code, folder)
            else:  # a shell block runs from the repository's root, as the page says
                printed = self._run_shell(block.code, block.expected_output or "", folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        why = check(block.expected_output or "", printed, source=block.code)
        if why:
            raise RuntimeError(f"{self.path.relative_to(ROOT)}, {self.name}: {why}")

    def _run_shell(self, code: str, expected: str, folder: str) -> str:
        """What a shell block prints, run from the repository's root (and once
        more if it failed after printing what the page shows: ``run_chain``)."""
        from dlbook.check.run import ChainFailed, run_chain

        script = Path(folder) / "block.sh"
        script.write_text(code, "utf-8")
        try:
            return run_chain([script], shell=True, cwd=ROOT, shown=[expected])[0]
        except ChainFailed as failed:
            raise RuntimeError(f"{self.name}: {failed}\n{failed.stderr[-3000:]}") from None

    def _run_python(self, code: str, folder: str) -> str:
        import matplotlib.pyplot as plt
        import torch

        torch.manual_seed(TORCH_FIRST_SEED)
        torch.set_default_dtype(torch.float32)
        torch.set_grad_enabled(True)
        here = os.getcwd()
        os.chdir(folder)
        try:
            with stdout_io() as out:
                try:
                    exec(compile(code, f"{self.path.name}:{self.name}", "exec"),
                         {"__name__": "__main__"})
                except Exception as e:
                    raise RuntimeError(f"{self.path.relative_to(ROOT)}, {self.name}: "
                                       f"{type(e).__name__}: {e}\n```\n{code}```") from e
            return out.getvalue()
        finally:
            os.chdir(here)
            plt.close("all")




def pytest_addoption(parser):
    parser.getgroup("general").addoption(
        "--float-path", choices=("native", "portable"), default="native",
        help="run the book's pages (--codeblocks) on this machine's own float "
             "path, or on the portable one (make test-portable)")


def pytest_configure(config):
    if not getattr(config.option, "codeblocks", False):
        return
    # set before torch is first imported, in this process and in every
    # worker of pytest-xdist (each configures itself the same way)
    os.environ.update({"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
    if config.option.float_path == "portable":
        os.environ.update(PORTABLE)
    import torch

    torch.set_num_threads(1)  # a reader's chain, one thread
    if (config.option.float_path == "portable"
            and torch.backends.cpu.get_cpu_capability() != "DEFAULT"):
        raise pytest.UsageError(
            "--float-path=portable needs torch's kernels without SIMD, but "
            f"they are {torch.backends.cpu.get_cpu_capability()}: torch was "
            "imported before ATEN_CPU_CAPABILITY could be set")


def pytest_report_header(config):
    """The float path a run of the book's code takes: the numbers it prints
    depend on it."""
    if not getattr(config.option, "codeblocks", False):
        return None
    import torch

    knobs = " ".join(f"{k}={os.environ[k]}" for k in FLOAT_KNOBS if k in os.environ)
    return (f"float path: torch {torch.__version__}, kernels "
            f"{torch.backends.cpu.get_cpu_capability()}, "
            f"{torch.get_num_threads()} thread(s); {knobs or 'no float-path variables set'}")
