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

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError

from bookkit import notebook_gen, runs

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

log = logging.getLogger("mkdocs.hooks.handson")


def executed(source: Path) -> nbformat.NotebookNode:
    """The source's notebook, run (``runs.run_hands_on``: kept until its
    code or a ``dlbook`` file it imports changes)."""
    start = time.perf_counter()
    try:
        entry = runs.run_hands_on(source)
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
    for lang in notebook_gen.HANDS_ON_LANGS:
        target = DOCS / lang / "notebooks" / f"{source.stem}.ipynb"
        write_if_changed(target, notebook_gen.to_ipynb(notebook_gen.for_language(nb, lang)))
        out.append(target)
    return out


def run_all(todo: list[Path]) -> None:
    """Run the notebooks side by side, in kernels forked from one warm process."""
    with runs.kernel_server() as kernels, ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda source: runs.run_hands_on(source, kernels), todo))


_running: Future | None = None


def on_config(config):
    """Start the notebooks that are not cached now, in the background: a cold
    build (or ``mkdocs serve``) runs them while the figures' snippets run."""
    global _running
    todo = [s for s in runs.hands_on_sources() if not runs.hands_on_kept(s)]
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
    for source in runs.hands_on_sources():
        build(source)
    log.info("notebooks: hands-on step %.2f s", time.perf_counter() - start)
