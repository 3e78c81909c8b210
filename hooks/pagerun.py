"""Run each page's notebook once, top to bottom, and keep it by content hash.

Every page with code offers a notebook made from the page itself
(``notebook_gen.py``).  The zh and en notebooks hold the same code cells
(``tests/test_notebooks.py`` checks it), so the zh one runs, in a fresh
Jupyter kernel in an empty folder, as a reader who downloads it runs it.
The executed notebook is kept under ``.cache/runs/notebooks/`` by the hash
of its code cells, with the ``dlbook`` files its kernel imported
(``bookrun.py`` does the same for the chains): changing a page's prose does
not run it again, changing its code or a module it uses does.  A notebook that fails is not kept.

    python hooks/pagerun.py    # every page's notebook and hands-on notebook, 2 at a time

Each kernel is forked from one warm process that has imported torch & co.
(``warmkernel.py``): a fresh kernel would pay those imports, about 10 s of
CPU, once per notebook.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
from mkdocs.config import load_config

import bookrun
import downloads
import handson
import notebook_gen
import warmkernel
from pages import DOCS, ROOT, pages

CACHE = bookrun.CACHE / "notebooks"
TIMEOUT = 1800  # seconds for one cell


@cache
def _expand():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return downloads.include_expander(config.mdx_configs["pymdownx.snippets"], ROOT)


def notebook(page: Path) -> nbformat.NotebookNode | None:
    """The notebook a page offers for download (None: the page runs no code)."""
    lang = page.relative_to(DOCS).parts[0]
    src = page.relative_to(DOCS / lang).as_posix()
    info = notebook_gen.PageInfo(src=src, lang=lang, site_url="https://example.org/")
    return notebook_gen.page_notebook(page.read_text("utf-8"), info, _expand())


def with_code(lang: str = "zh") -> list[Path]:
    """The pages of a language that have a notebook."""
    return [p for p in pages(lang) if notebook(p) is not None]


def key(nb: nbformat.NotebookNode) -> str:
    """The hash of the notebook's code and environment; a run of it stays
    valid while the ``dlbook`` files it imported are unchanged."""
    h = hashlib.sha256(bookrun.environment().encode())
    for module in (handson, warmkernel):
        h.update(Path(module.__file__).read_bytes())
    for code in notebook_gen.code_cells(nb):
        h.update(code.encode() + b"\x1e")
    return h.hexdigest()[:24]


# Run after the notebook's own cells, then removed: which files the kernel
# imported, so that the run is redone when one of the book's modules changes.
_MODULES = ("import json as _json, sys as _sys\n"
            "print(_json.dumps(sorted({getattr(m, '__file__', None) or ''\n"
            "                          for m in list(_sys.modules.values())} - {''})))\n")


def cached(nb: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    for path in sorted((CACHE / key(nb)).glob("*.ipynb")):
        done = nbformat.reads(path.read_text("utf-8"), as_version=4)
        if bookrun.still_true(done.metadata.get("dlbook", {}).get("depends_on", {"?": ""})):
            return done
    return None


@dataclass
class NotebookRun:
    page: Path
    notebook: nbformat.NotebookNode  # with its outputs
    seconds: float
    error: str | None = None
    cached: bool = False


def run(page: Path, kernels: warmkernel.KernelServer | None = None) -> NotebookRun:
    """The page's notebook, executed: from the cache or run now (in a kernel
    forked from ``kernels``, started with ``handson.kernel_server``, if given)."""
    nb = notebook(page)
    if nb is None:
        raise ValueError(f"expected a page that runs code, got {page.relative_to(ROOT)}")
    if (done := cached(nb)) is not None:
        return NotebookRun(page, done, 0.0, cached=True)
    code_key = key(nb)
    nb.cells.append(nbformat.v4.new_code_cell(_MODULES))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlbook-notebook-") as tmp:
        try:
            handson.execute(nb, tmp, timeout=TIMEOUT, env=bookrun.thread_env(), kernels=kernels)
        except Exception as exc:  # CellExecutionError, DeadKernelError, timeout
            nb.cells.pop()
            return NotebookRun(page, nb, time.perf_counter() - start, error=str(exc))
    modules = json.loads(printed(nb.cells.pop()))
    deps = bookrun.depends_on(modules)
    nb.metadata["dlbook"] = {"depends_on": deps}
    variant = hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()[:16]
    path = CACHE / code_key / f"{variant}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(nbformat.writes(nb), "utf-8")
    partial.replace(path)
    return NotebookRun(page, nb, time.perf_counter() - start)


def printed(cell: nbformat.NotebookNode) -> str:
    """What a code cell printed to stdout."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == "stdout")


def main() -> int:
    """Run every page's notebook and the hands-on notebooks, 2 at a time, in
    kernels forked from one warm process; print what ran and what failed."""
    start = time.perf_counter()
    every = with_code("zh")
    todo = [p for p in every if cached(notebook(p)) is None]
    sources = [s for s in handson.sources() if not handson.is_cached(s)]
    runs, failed = [], 0
    if todo or sources:
        with handson.kernel_server() as kernels, ThreadPoolExecutor(max_workers=2) as pool:
            hands_on = [pool.submit(handson.executed, s, kernels) for s in sources]
            for r in pool.map(lambda p: run(p, kernels), todo):
                state = "FAILED" if r.error else "ran"
                print(f"{r.seconds:7.1f} s  {state:6}  notebook of "
                      f"{r.page.relative_to(DOCS)}", flush=True)
                if r.error:
                    print(r.error[-3000:], file=sys.stderr)
                runs.append(r)
            for source, job in zip(sources, hands_on):
                try:
                    job.result()
                    print(f"            ran     {source.relative_to(ROOT)}", flush=True)
                except Exception as exc:  # PluginError: the cell that failed
                    print(f"FAILED {source.relative_to(ROOT)}: {exc}"[-3000:], file=sys.stderr)
                    failed += 1
    failed += sum(1 for r in runs if r.error)
    cached_ = len(every) - len(todo) + len(handson.sources()) - len(sources)
    print(f"{len(runs) + len(sources)} notebooks run in {time.perf_counter() - start:.0f} s "
          f"({cached_} kept from before); {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
