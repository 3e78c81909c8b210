"""Run each page's notebook once, top to bottom, and keep it by content hash.

Every page with code offers a notebook made from the page itself
(``notebook_gen.py``).  The zh and en notebooks hold the same code cells
(``tests/test_notebooks.py`` checks it), so the zh one runs, in a fresh
Jupyter kernel in an empty folder, as a reader who downloads it runs it.
The executed notebook is kept under ``.cache/runs/notebooks/`` by the hash
of its code cells and interpreter, with the ``dlbook`` files its kernel
imported: changing a page's prose does not run it again, changing its code
or a module it uses does.  A notebook that fails is not kept.

The same run is the run of the page's chains: every Python block that runs
is one cell, so what a chain's cells printed and showed is kept as the
chain's run (:func:`chain_runs`), where ``bookrun.py`` finds it.  So each
block of the book runs once per change, in its page's notebook; only the
shell blocks, which a notebook does not hold, run as chains of their own
(``bookrun.py --not-in-notebooks``).  ``tests/test_chains.py`` checks what
running the chains alone would add: that each chain binds every name it
uses, so that it also runs when copied alone into a file.

    python hooks/pagerun.py    # every page's notebook and hands-on notebook, 2 at a time

Each kernel is forked from one warm process that has imported torch & co.
(``warmkernel.py``): a fresh kernel would pay those imports, about 10 s of
CPU, once per notebook.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import nbformat
from mkdocs.config import load_config

import bookrun
import downloads
import handson
import notebook_gen
import warmkernel
from dlbook.check.run import snippet_name
from dlbook.check.pages import DOCS, ROOT, chains, pages
from runcache import extra_of, python, thread_env

CACHE = bookrun.CACHE / "notebooks"
FIGURE = "application/vnd.dlbook.figure+json"  # figure_backend.MIME
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


def key(nb: nbformat.NotebookNode, interpreter: str | None = None) -> str:
    """The hash of the notebook's code and environment (``interpreter``'s
    libraries); a run of it stays valid while the ``dlbook`` files it
    imported are unchanged."""
    h = hashlib.sha256(bookrun.environment(interpreter).encode())
    h.update((interpreter or python()).encode())
    for module in (handson, warmkernel):
        h.update(Path(module.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
    for code in notebook_gen.code_cells(nb):
        h.update(code.encode() + b"\x1e")
    return h.hexdigest()[:24]


# Run after the notebook's own cells, then removed: which files the kernel
# imported, so that the run is redone when one of the book's modules changes.
_MODULES = ("import json as _json, sys as _sys\n"
            "print(_json.dumps(sorted({getattr(m, '__file__', None) or ''\n"
            "                          for m in list(_sys.modules.values())} - {''})))\n")


def cached(nb: nbformat.NotebookNode,
           interpreter: str | None = None) -> nbformat.NotebookNode | None:
    for path in sorted((CACHE / key(nb, interpreter)).glob("*.ipynb")):
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
    chains: list[bookrun.Run] = field(default_factory=list)  # read off this run


@cache
def _has_kernel(interpreter: str) -> bool:
    found = subprocess.run([interpreter, "-c", "import importlib.util as u, sys; "
                            "sys.exit(u.find_spec('ipykernel') is None)"])
    return found.returncode == 0


def kernel_python(page: Path) -> str:
    """The interpreter a page's notebook runs with: the one its chains run
    with (``runcache.python``: in ``make test``, the reader's install, to
    which ``make reader-env`` adds Jupyter's kernel), so that the run of the
    notebook is the run of its chains too.  Where that one has no
    ``ipykernel``, this one, and the chains then run alone as well."""
    extra = any(extra_of(c) for c in chains(page) if c.syntax == "python")
    return _with_kernel(sys.executable if extra else python())


def _with_kernel(interpreter: str) -> str:
    return interpreter if _has_kernel(interpreter) else sys.executable


def kernel_env() -> dict[str, str]:
    """What a page notebook's kernel starts with besides the book's kernel
    environment (``handson.kernel_server``): the figure backend importable."""
    return {"PYTHONPATH": bookrun.backend_folder()}


def kernel_server() -> warmkernel.KernelServer:
    """Warm kernels for the page notebooks (and the hands-on ones), with the
    interpreter the book's code runs with."""
    return handson.kernel_server(_with_kernel(python()), kernel_env())


def run(page: Path, kernels: warmkernel.KernelServer | None = None) -> NotebookRun:
    """The page's notebook, executed: from the cache or run now (in a kernel
    forked from ``kernels`` where it runs with the page's interpreter).

    The kernel's ``plt.show()`` pickles the figures (``figure_backend.py``)
    instead of drawing them inline, as in a run of the chains, so the run
    is also the run of each chain of the page (:func:`chain_runs`), kept
    where ``bookrun.py`` looks for them."""
    nb = notebook(page)
    if nb is None:
        raise ValueError(f"expected a page that runs code, got {page.relative_to(ROOT)}")
    interpreter = kernel_python(page)
    if (done := cached(nb, interpreter)) is not None:
        return NotebookRun(page, done, 0.0, cached=True)
    code_key = key(nb, interpreter)
    if kernels is not None and kernels.python != interpreter:
        kernels = None  # a cold kernel of the page's own interpreter
    nb.cells.append(nbformat.v4.new_code_cell(_MODULES))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlbook-notebook-") as tmp, \
            tempfile.TemporaryDirectory(prefix="dlbook-figures-") as figures:
        env = {**thread_env(), **kernel_env(), "MPLBACKEND": "module://figure_backend",
               "DLBOOK_FIGURE_DIR": figures}
        try:
            handson.execute(nb, tmp, timeout=TIMEOUT, env=env, kernels=kernels,
                            kernel_python=interpreter)
        except Exception as exc:  # CellExecutionError, DeadKernelError, timeout
            nb.cells.pop()
            return NotebookRun(page, nb, time.perf_counter() - start, error=str(exc))
        modules = json.loads(printed(nb.cells.pop()))
        deps = bookrun.depends_on(modules)
        made = chain_runs(page, nb, Path(figures), interpreter, deps)
    nb.metadata["dlbook"] = {"depends_on": deps}
    variant = hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()[:16]
    path = CACHE / code_key / f"{variant}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(nbformat.writes(nb), "utf-8")
    partial.replace(path)
    return NotebookRun(page, nb, time.perf_counter() - start, chains=made)


def _seconds(cell: nbformat.NotebookNode) -> float:
    timing = cell.metadata.get("execution", {})
    try:
        return (datetime.fromisoformat(timing["shell.execute_reply"])
                - datetime.fromisoformat(timing["iopub.execute_input"])).total_seconds()
    except (KeyError, ValueError):
        return 0.0


def chain_runs(page: Path, nb: nbformat.NotebookNode, figures: Path, interpreter: str,
               deps: dict[str, str]) -> list[bookrun.Run]:
    """Keep the run of each chain of ``page`` that its executed notebook ran.

    Each Python block that runs is one code cell, in page order (checked
    here and by ``tests/test_notebooks.py``): a chain's outputs are what its
    cells printed, its figures those its cells showed (pickled in
    ``figures`` by ``figure_backend.py``, which names each in an output of
    its cell), renamed after the cell's snippet as a run of the chain names
    them.  The run depends on every ``dlbook`` file the notebook imported
    (``deps``), and ``run.json`` says which notebook it came from."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    ran = [c for c in chains(page) if c.in_notebook]
    blocks = [b for c in ran for b in c.blocks]
    if len(blocks) != len(cells):
        raise ValueError(f"{page.relative_to(ROOT)}: expected one code cell per block that "
                         f"runs, {len(blocks)}, got {len(cells)}")
    cell_of = dict(zip(blocks, cells))
    made = []
    for chain in ran:
        work = bookrun.workspace()
        for block in chain.blocks:
            name = snippet_name(block.snippet) if block.snippet else block.id
            shown = [o.data[FIGURE]["pickle"] for o in cell_of[block].outputs
                     if o.output_type == "display_data" and FIGURE in o.get("data", {})]
            for n, pickled in enumerate(shown, 1):
                target = work / "figures" / f"{name}-{n}.pickle"
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(figures / pickled, target)
        outputs = [printed(cell_of[b]) for b in chain.blocks]
        seconds = sum(_seconds(cell_of[b]) for b in chain.blocks)
        where = f"the notebook of {page.relative_to(DOCS).as_posix()}"
        made.append(bookrun.keep(work, chain, interpreter, outputs, seconds, deps,
                                 ran_in=where))
    return made


def printed(cell: nbformat.NotebookNode) -> str:
    """What a code cell printed to stdout."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == "stdout")


def main() -> int:
    """Run every page's notebook and the hands-on notebooks, 2 at a time, in
    kernels forked from one warm process; print what ran and what failed."""
    start = time.perf_counter()
    every = with_code("zh")
    todo = [p for p in every if cached(notebook(p), kernel_python(p)) is None]
    sources = [s for s in handson.sources() if not handson.is_cached(s)]
    runs, failed = [], 0
    if todo or sources:
        with kernel_server() as kernels, ThreadPoolExecutor(max_workers=2) as pool:
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
