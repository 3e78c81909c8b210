"""MkDocs hook: the hands-on notebook pages, from one source each.

``snippets/notebooks/<name>.py`` (jupytext percent format, described in its
header) holds the code cells once and each language's markdown cells.  Before
the build this hook makes ``docs/<lang>/notebooks/<name>.ipynb`` from it
(ignored by git), executed: the code runs once, in a fresh kernel in an empty
folder, and each language's notebook gets the same outputs.  ``make runs``
runs them before the build; a build that finds one not run starts it as the
build starts, in the background, in a kernel forked from a warm process
(``warmkernel.py``).  mkdocs-jupyter
then only renders the executed notebook (``execute: false``).

The executed notebook is kept with every other run of the book
(``runs.py``: by its code cells and the ``dlbook`` files it imported), and
the file in ``docs/`` is written only when its bytes change: an unchanged
notebook is never run twice, and ``mkdocs serve`` does not see a change and
rebuild in a loop.
"""

from __future__ import annotations

import copy
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from mkdocs.exceptions import PluginError

import notebook_gen
import runs
import warmkernel

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "snippets" / "notebooks"
DOCS = ROOT / "docs"
LANGS = ("zh", "en")
MARKER = "# %%"

log = logging.getLogger("mkdocs.hooks.handson")


def sources() -> list[Path]:
    return sorted(SOURCES.glob("*.py"))


def read_source(text: str) -> nbformat.NotebookNode:
    """The notebook in a percent-format source, without its header comment."""
    start = text.find(f"\n{MARKER}")
    if not text.startswith(MARKER):
        if start < 0:
            raise ValueError(f"no '{MARKER}' cell marker: not a percent-format notebook")
        text = text[start + 1:]
    nb = jupytext.reads(text, fmt="py:percent")
    for cell in nb.cells:
        lang = cell.metadata.get("lang")
        if lang is not None and lang not in LANGS:
            raise ValueError(f"cell lang={lang!r}: expected one of {LANGS}")
        if lang is not None and cell.cell_type != "markdown":
            raise ValueError("only markdown cells have a language; code is shared")
    return nb


def for_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The cells shared by both languages, and ``lang``'s own markdown cells."""
    cells = []
    for cell in nb.cells:
        if cell.metadata.get("lang", lang) != lang:
            continue
        cell = copy.deepcopy(cell)
        cell.metadata.pop("lang", None)
        cells.append(cell)
    kinds = [notebook_gen.Cell(c.cell_type, c.source) for c in cells]
    out = notebook_gen.new_notebook(kinds, lang)
    for new, old in zip(out.cells, cells):
        if old.cell_type == "code":
            new.outputs = old.get("outputs", [])
            new.execution_count = old.get("execution_count")
    return out


def is_kept(source: Path) -> bool:
    """Whether the source's notebook has a kept run (``runs.py``)."""
    return runs.cached(read_source(source.read_text("utf-8"))) is not None


def executed(source: Path, kernels: warmkernel.KernelServer | None = None
             ) -> nbformat.NotebookNode:
    """The source's notebook (both languages' cells), run with one torch
    thread like all of the book's code; kept by ``runs.py`` until its code
    or a ``dlbook`` file it imports changes.  ``make runs`` runs it ahead
    of the build, in a warm kernel."""
    nb = read_source(source.read_text("utf-8"))
    start = time.perf_counter()
    try:
        entry = runs.run(nb, kernels=kernels)
    except runs.NotebookFailed as e:
        raise PluginError(f"notebook {source.relative_to(ROOT)} failed:\n{e}") from e
    if not entry.cached:
        log.info("notebooks: ran %s in %.1f s", source.relative_to(ROOT),
                 time.perf_counter() - start)
    return entry.notebook


def write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text("utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return True


def build(source: Path) -> list[Path]:
    """Write ``docs/<lang>/notebooks/<name>.ipynb`` for every language."""
    nb = executed(source)
    out = []
    for lang in LANGS:
        target = DOCS / lang / "notebooks" / f"{source.stem}.ipynb"
        write_if_changed(target, notebook_gen.to_ipynb(for_language(nb, lang)))
        out.append(target)
    return out


def run_all(todo: list[Path]) -> None:
    """Run the notebooks side by side, in kernels forked from one warm process."""
    with runs.kernel_server() as kernels, ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda source: executed(source, kernels), todo))


_running: Future | None = None


def on_config(config):
    """Start the notebooks that are not cached now, in the background: a cold
    build (or ``mkdocs serve``) runs them while the figures' snippets run."""
    global _running
    todo = [s for s in sources() if not is_kept(s)]
    if todo and _running is None:
        _running = ThreadPoolExecutor(max_workers=1).submit(run_all, todo)
    return config


def on_pre_build(config) -> None:
    global _running
    start = time.perf_counter()
    if _running is not None:
        try:
            _running.result()
        finally:
            _running = None
    for source in sources():
        build(source)
    log.info("notebooks: hands-on step %.2f s", time.perf_counter() - start)
