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

The executed notebook is cached under ``.cache/notebooks/`` by a hash of the
source, the ``dlbook`` sources, the lock file and this generator, and the
file in ``docs/`` is written only when its bytes change: an unchanged
notebook is never run twice, and ``mkdocs serve`` does not see a change and
rebuild in a loop.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from nbclient import NotebookClient

import notebook_gen
import runcache
import warmkernel

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "snippets" / "notebooks"
DOCS = ROOT / "docs"
CACHE = ROOT / ".cache" / "notebooks"
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


def kernel_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a notebook's kernel: this process's, without its
    ``MPLBACKEND`` (Jupyter's inline backend draws), with ``env`` added."""
    env = {**{k: v for k, v in os.environ.items() if k != "MPLBACKEND"}, **(env or {})}
    env["PYTHONHASHSEED"] = "0"
    return env


def execute(nb: nbformat.NotebookNode, cwd: str, *, timeout: int = 900,
            env: dict[str, str] | None = None,
            kernels: warmkernel.KernelServer | None = None,
            kernel_python: str | None = None) -> nbformat.NotebookNode:
    """Run every cell, top to bottom, in a fresh kernel started in ``cwd``.

    The kernel draws with Jupyter's inline backend (PNG outputs) whatever
    ``MPLBACKEND`` the calling process uses, unless ``env`` (which adds to
    the kernel's environment) names another.  With ``kernels``
    (:func:`kernel_server`, started with that same environment) the kernel
    is forked from a warm process, its environment the server's with
    ``env`` added; else it is a new ``kernel_python`` (default: this one).
    """
    env = {**kernels.env, **(env or {})} if kernels is not None else kernel_env(env)
    if kernels is not None:
        more = {"kernel_manager_class": kernels.manager()}
    elif kernel_python not in (None, sys.executable):
        more = {"kernel_manager_class": warmkernel.cold_manager(kernel_python)}
    else:
        more = {}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", **more,
                            resources={"metadata": {"path": cwd}},
                            # no "running over TCP without encryption" in the build log
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.execute(env=env)
    return nb


def cache_key(source: Path) -> str:
    h = hashlib.sha256()
    deps = [source, Path(__file__), Path(notebook_gen.__file__), Path(warmkernel.__file__),
            ROOT / "requirements.lock",
            *sorted((ROOT / "dlbook").rglob("*.py"))]
    for p in deps:
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.exists() else b"")
    return h.hexdigest()[:20]


def _cached_path(source: Path) -> Path:
    return CACHE / f"{source.stem}-{cache_key(source)}.ipynb"


def is_cached(source: Path) -> bool:
    return _cached_path(source).exists()


def executed(source: Path, kernels: warmkernel.KernelServer | None = None
             ) -> nbformat.NotebookNode:
    """The source's notebook (both languages' cells), run with one torch
    thread like all of the book's code; from the cache if nothing it depends
    on changed.  ``make runs`` runs it ahead of the build, in a warm kernel."""
    cached = _cached_path(source)
    if cached.exists():
        return nbformat.reads(cached.read_text("utf-8"), as_version=4)
    nb = read_source(source.read_text("utf-8"))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            execute(nb, tmp, env=runcache.thread_env(), kernels=kernels)
        except Exception as e:  # CellExecutionError, DeadKernelError, timeout
            raise PluginError(f"notebook {source.relative_to(ROOT)} failed:\n{e}") from e
    log.info("notebooks: ran %s in %.1f s", source.relative_to(ROOT), time.perf_counter() - start)
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{source.stem}-*.ipynb"):
        old.unlink()
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(nbformat.writes(nb), "utf-8")
    partial.replace(cached)
    return nb


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


def kernel_server(python: str | None = None,
                  env: dict[str, str] | None = None) -> warmkernel.KernelServer:
    """Warm kernels with the environment every notebook of the book runs in:
    one torch thread (``runcache.thread_env``), like the chains, and ``env``;
    with the interpreter ``python`` (default: this one)."""
    return warmkernel.KernelServer(python=python,
                                   env=kernel_env({**runcache.thread_env(), **(env or {})}))


def run_all(todo: list[Path]) -> None:
    """Run the notebooks side by side, in kernels forked from one warm process."""
    with kernel_server() as kernels, \
            ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda source: executed(source, kernels), todo))


_running: Future | None = None


def on_config(config):
    """Start the notebooks that are not cached now, in the background: a cold
    build (or ``mkdocs serve``) runs them while the figures' snippets run."""
    global _running
    todo = [s for s in sources() if not is_cached(s)]
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
