"""Run each notebook of the book once, keep it by content hash, and read
every chain's run off its page's notebook.

The unit of execution is a notebook: each page with code offers one, made
from the page itself (``notebook_gen.py``; every Python block that runs is
one code cell), and the hands-on notebooks (``snippets/notebooks/``, read
by ``notebook_gen.read_source``) are notebooks from the start.  Each runs top to bottom in a fresh Jupyter kernel, in an
empty folder, with one thread, as a reader who downloads it runs it.  The
kernel is forked from one warm process that has imported torch & co.
(``warmkernel.py``): a cold kernel pays those imports, about 10 s of CPU,
once per notebook.

What a chain of a page printed and drew is what its cells printed and drew
in that one run (:func:`chain_runs`): the output tests
(``tests/test_codeblocks.py``), the figures hook (``figures.py``), ``make
outputs`` and the downloadable notebooks all read the same kept run.  In the
kernel, ``plt.show()`` pickles the figures (``figure_backend.py``) and names
each in an output of its cell; the run keeps them as
``figures/<chapter>/<snippet>-<n>.pickle``.

One cache, ``.cache/runs/<key>/<variant>/`` (``make clean`` or ``rm -rf
.cache/runs`` clears it), one entry per run: the executed ``notebook.ipynb``,
its ``figures/`` and ``run.json``.  The key is the notebook's code cells,
the interpreter, the versions of the libraries that change what the book
prints (``dlbook.check.book.LIBRARIES``), the threads and ``RUN_VERSION``;
the variant is the digests of the ``dlbook`` files the kernel imported (and
the package's data), so that editing ``dlbook/gan.py`` reruns only the
notebooks that import it.  A kept run is used while those files are
unchanged.  A notebook that fails is not kept.

    python -m bookkit.runs                 # every notebook not kept, 2 at a time
    python -m bookkit.runs cnn/lenet.py    # the notebooks of the pages that run it
    python -m bookkit.runs --write [...]   # and rewrite snippets/<ch>/<name>.out

``--write`` (``make outputs``) writes what each block printed beside its
snippet as ``<name>.out``, which both languages' pages include.  A committed
``.out`` that the fresh output still agrees with (``dlbook.check.outputs``)
is left alone, so a run on another CPU does not churn the last digits;
``--force`` writes the fresh output anyway.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from bookkit import notebook_gen, warmkernel
from dlbook.check import outputs as rule
from dlbook.check.book import LIBRARIES
from dlbook.check.pages import DOCS, ROOT, SNIPPETS, Block, Chain, chains, pages

# Bump by hand when a change to the way notebooks run changes what a run
# makes (its environment, the figure backend, what is kept): every kept run
# is then made again.  The key never hashes this file's source: editing a
# comment here reruns nothing.
RUN_VERSION = 1

CACHE = ROOT / ".cache" / "runs"
BACKEND = Path(__file__).with_name("figure_backend.py")
FIGURE = "application/vnd.dlbook.figure+json"  # figure_backend.MIME
TIMEOUT = 1800  # seconds for one cell

# Every run uses one thread.  How a matrix product is split between threads
# changes its last bits, and a long training run (the deep nets, a large
# learning rate) can turn those bits into another result: with one thread
# the book prints the same on 2 cores and on 16, and two runs side by side
# share two cores without fighting over them.
THREADS = 1

# Printed by a notebook's last cell, which is then removed: which files the
# kernel imported, so that the run is redone when one of them changes.
_MODULES = ("import json as _json, sys as _sys\n"
            "print(_json.dumps(sorted({getattr(m, '__file__', None) or ''\n"
            "                          for m in list(_sys.modules.values())} - {''})))\n")


# --- the interpreter ------------------------------------------------------

def python(chain: Chain | None = None) -> str:
    """The interpreter the book's code runs with: ``DLBOOK_RUN_PYTHON`` (the
    reader's install in ``make test``) or this one.  A chain that imports a
    package of an optional extra (``extra_of``) runs with this one, which
    has every extra: the reader's install leaves them out on purpose."""
    if chain is not None and extra_of(chain) is not None:
        return sys.executable
    return os.environ.get("DLBOOK_RUN_PYTHON") or sys.executable


@cache
def _optional_modules() -> dict[str, str]:
    """Top-level module -> the optional extra of pyproject.toml that brings
    it, for the extras a reader may leave out (not the maintainers' tools)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    found = {}
    for extra, requirements in project.get("optional-dependencies", {}).items():
        if extra in {"docs", "test"}:
            continue
        for requirement in requirements:
            name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)
            found[name.lower().replace("-", "_")] = extra
    return found


def extra_of(chain: Chain) -> str | None:
    """The optional extra a chain needs (its files import one of its
    packages), or None."""
    optional = _optional_modules()
    if chain.syntax != "python":
        return None
    for block in chain.blocks:
        for node in ast.walk(ast.parse(block.code)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                     else [])
            for name in names:
                if name.split(".")[0] in optional:
                    return optional[name.split(".")[0]]
    return None


@cache
def _has_kernel(interpreter: str) -> bool:
    found = subprocess.run([interpreter, "-c", "import importlib.util as u, sys; "
                            "sys.exit(u.find_spec('ipykernel') is None)"])
    return found.returncode == 0


def with_kernel(interpreter: str) -> str:
    """``interpreter`` if it has Jupyter's kernel (``make reader-env`` adds
    it to the reader's install), else this one."""
    return interpreter if _has_kernel(interpreter) else sys.executable


def kernel_python(page: Path | None = None) -> str:
    """The interpreter a notebook runs with: the one its chains run with
    (:func:`python`), which has every extra when one of the page's chains
    needs one."""
    extra = page is not None and any(extra_of(c) for c in chains(page))
    return with_kernel(sys.executable if extra else python())


# --- the key --------------------------------------------------------------

_VERSIONS = f"""
import sys
from importlib.metadata import version
print(sys.version)
for n in {list(LIBRARIES)!r}:
    try:
        print(n, version(n))
    except Exception:
        print(n, "absent")
"""


@cache
def library_versions(interpreter: str) -> str:
    """Python's and ``LIBRARIES``' versions as ``interpreter`` has them."""
    proc = subprocess.run([interpreter, "-c", _VERSIONS], capture_output=True,
                          text=True, check=True)
    return proc.stdout


def key(nb: nbformat.NotebookNode, interpreter: str | None = None) -> str:
    """The hash of a notebook's code and of what else decides its outputs,
    except the ``dlbook`` files it imports (:func:`depends_on`)."""
    interpreter = interpreter or python()
    h = hashlib.sha256(f"run {RUN_VERSION} threads {THREADS}\n{interpreter}\n".encode())
    h.update(library_versions(interpreter).encode())
    for code in notebook_gen.code_cells(nb):
        h.update(code.encode() + b"\x1e")
    return h.hexdigest()[:24]


def _digest(path: Path) -> str:
    stat = path.stat()
    return _digest_of(path, stat.st_mtime_ns, stat.st_size)


@cache
def _digest_of(path: Path, mtime: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _package_files() -> list[Path]:
    return sorted(p for p in (ROOT / "dlbook").rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def _always() -> list[Path]:
    """What every run may read without importing it: the package's data."""
    return [p for p in _package_files() if p.suffix != ".py"]


def depends_on(modules: list[str] | None) -> dict[str, str]:
    """The book's own files a run depended on, with their digests: the
    ``dlbook`` modules it imported and the package's data files (all of
    ``dlbook`` where the imports are not known)."""
    package = ROOT / "dlbook"
    if modules is None:
        files = _package_files()
    else:
        imported = [Path(m) for m in modules if Path(m).is_relative_to(package)]
        files = sorted({*(p for p in imported if p.exists()), *_always()})
    return {p.relative_to(ROOT).as_posix(): _digest(p) for p in files}


def still_true(deps: dict[str, str]) -> bool:
    for rel, digest in deps.items():
        path = ROOT / rel
        if not path.exists() or _digest(path) != digest:
            return False
    return not ({p.relative_to(ROOT).as_posix() for p in _always()} - set(deps))


# --- one run of a notebook ------------------------------------------------

@dataclass
class Entry:
    """A kept run: the executed notebook, in ``folder`` with its figures."""

    folder: Path
    notebook: nbformat.NotebookNode
    seconds: float
    cached: bool = False

    @property
    def figures(self) -> Path:
        return self.folder / "figures"

    @property
    def id(self) -> str:
        """``<key>/<variant>``: changes whenever the run is made again."""
        return f"{self.folder.parent.name}/{self.folder.name}"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookFailed(RuntimeError):
    """A cell raised, the kernel died or a cell ran past ``TIMEOUT``.

    ``notebook`` holds the outputs up to the failure; ``cell`` is the index
    of the code cell that failed (None when not known).
    """

    def __init__(self, why: str, notebook: nbformat.NotebookNode, cell: int | None):
        super().__init__(_ANSI.sub("", why))  # the traceback without its colours
        self.notebook, self.cell = notebook, cell


def cached(nb: nbformat.NotebookNode, interpreter: str | None = None) -> Entry | None:
    """The notebook's kept run whose ``dlbook`` files are unchanged, if any."""
    for folder in sorted((CACHE / key(nb, interpreter)).glob("*/")):
        try:
            about = json.loads((folder / "run.json").read_text("utf-8"))
            done = nbformat.reads((folder / "notebook.ipynb").read_text("utf-8"),
                                  as_version=4)
        except (OSError, ValueError):
            continue
        if still_true(about["depends_on"]):
            return Entry(folder, done, about["seconds"], cached=True)
    return None


def thread_env() -> dict[str, str]:
    """One thread per run (see ``THREADS``)."""
    return {name: str(THREADS) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def backend_folder() -> str:
    """A folder holding only ``figure_backend.py``, for a kernel's
    PYTHONPATH: one per version of the file, so every kernel of a warm
    server starts with the same path."""
    folder = CACHE / "backend" / hashlib.sha256(BACKEND.read_bytes()).hexdigest()[:16]
    if not (folder / BACKEND.name).exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{BACKEND.name}.{os.getpid()}.tmp"
        shutil.copy(BACKEND, partial)
        partial.replace(folder / BACKEND.name)
    return str(folder)


def kernel_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every notebook's kernel: this process's without
    its ``MPLBACKEND``, one thread, the figure backend importable, and
    ``env``."""
    base = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    return {**base, **thread_env(), "PYTHONHASHSEED": "0",
            "PYTHONPATH": backend_folder(), **(env or {})}


def kernel_server(interpreter: str | None = None) -> warmkernel.KernelServer:
    """Warm kernels with the interpreter the book's code runs with."""
    return warmkernel.KernelServer(python=interpreter or with_kernel(python()),
                                   env=kernel_env())


def execute(nb: nbformat.NotebookNode, cwd: str, *, timeout: int = TIMEOUT,
            env: dict[str, str] | None = None,
            kernels: warmkernel.KernelServer | None = None,
            kernel_python: str | None = None) -> nbformat.NotebookNode:
    """Run every cell, top to bottom, in a fresh kernel started in ``cwd``.

    The kernel draws with Jupyter's inline backend (PNG outputs) unless
    ``env`` names another ``MPLBACKEND``.  With ``kernels`` (started with
    :func:`kernel_env`) the kernel is forked from a warm process, its
    environment the server's with ``env`` added; else it is a new
    ``kernel_python`` (default: this one).
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
                            # no "running over TCP without encryption" in the log
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    client.execute(env=env)
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> int | None:
    code = [c for c in nb.cells if c.cell_type == "code"]
    for i, cell in enumerate(code):
        if any(o.output_type == "error" for o in cell.get("outputs", [])):
            return i
    return None


def run(nb: nbformat.NotebookNode, *, interpreter: str | None = None,
        kernels: warmkernel.KernelServer | None = None,
        figure_names: list[str] | None = None) -> Entry:
    """The notebook's run: kept, or made now and kept.

    ``figure_names`` (one per code cell) names the figures a cell shows,
    ``<name>-<n>.pickle`` in the entry's ``figures/``; without it the kernel
    draws inline (the hands-on notebooks keep their PNGs).  Raises
    :class:`NotebookFailed`; a failed run is not kept.
    """
    interpreter = interpreter or with_kernel(python())
    if (done := cached(nb, interpreter)) is not None:
        return done
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # the caller's stays clean
    if kernels is not None and kernels.python != interpreter:
        kernels = None  # a cold kernel of the notebook's own interpreter
    nb.cells.append(nbformat.v4.new_code_cell(_MODULES))
    work = CACHE / f"tmp-{uuid.uuid4().hex}"
    (work / "figures").mkdir(parents=True)
    env = {"MPLBACKEND": "module://figure_backend",
           "DLBOOK_FIGURE_DIR": str(work / "figures")} if figure_names is not None else {}
    start = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="dlbook-run-") as tmp:
            execute(nb, tmp, env=env, kernels=kernels, kernel_python=interpreter)
    except Exception as exc:  # CellExecutionError, DeadKernelError, timeout
        shutil.rmtree(work, ignore_errors=True)
        nb.cells.pop()
        raise NotebookFailed(str(exc), nb, _failed_cell(nb)) from exc
    seconds = time.perf_counter() - start
    deps = depends_on(json.loads(printed(nb.cells.pop())))
    if figure_names is not None:
        _name_figures(nb, work / "figures", figure_names)
    nbformat.write(nb, work / "notebook.ipynb")
    (work / "run.json").write_text(json.dumps(
        {"seconds": round(seconds, 2), "python": interpreter, "depends_on": deps},
        indent=1), "utf-8")
    variant = hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()[:16]
    folder = CACHE / key(nb, interpreter) / variant
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        work.rename(folder)
    except OSError:  # made by another process meanwhile: keep theirs
        shutil.rmtree(work, ignore_errors=True)
    return Entry(folder, nb, seconds)


def _name_figures(nb: nbformat.NotebookNode, figures: Path, names: list[str]) -> None:
    """Rename the figures each code cell showed after its snippet."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    if len(names) != len(cells):
        raise ValueError(f"expected a name for each of the {len(cells)} code cells, "
                         f"got {len(names)}")
    for cell, name in zip(cells, names):
        shown = [o.data[FIGURE]["pickle"] for o in cell.get("outputs", [])
                 if o.output_type == "display_data" and FIGURE in o.get("data", {})]
        for n, pickled in enumerate(shown, 1):
            target = figures / f"{name}-{n}.pickle"
            target.parent.mkdir(parents=True, exist_ok=True)
            (figures / pickled).rename(target)
            for o in cell.outputs:  # the output names the kept file
                if o.output_type == "display_data" and o.get("data", {}).get(
                        FIGURE, {}).get("pickle") == pickled:
                    o.data[FIGURE]["pickle"] = f"{name}-{n}.pickle"


def printed(cell: nbformat.NotebookNode) -> str:
    """What a code cell printed to stdout."""
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == "stdout")


def _seconds(cell: nbformat.NotebookNode) -> float:
    timing = cell.metadata.get("execution", {})
    try:
        return (datetime.fromisoformat(timing["shell.execute_reply"])
                - datetime.fromisoformat(timing["iopub.execute_input"])).total_seconds()
    except (KeyError, ValueError):
        return 0.0


# --- the pages' notebooks and their chains --------------------------------

@cache
def _expand():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return notebook_gen.include_expander(config.mdx_configs["pymdownx.snippets"], ROOT)


def notebook(page: Path) -> nbformat.NotebookNode | None:
    """The notebook a page offers for download (None: the page runs no code)."""
    lang = page.relative_to(DOCS).parts[0]
    src = page.relative_to(DOCS / lang).as_posix()
    info = notebook_gen.PageInfo(src=src, lang=lang, site_url="https://example.org/")
    return notebook_gen.page_notebook(page.read_text("utf-8"), info, _expand())


def with_code(lang: str = "zh") -> list[Path]:
    """The pages of a language that have a notebook."""
    return [p for p in pages(lang) if notebook(p) is not None]


def _cell_blocks(page: Path) -> list[Block]:
    """The blocks of a page that are its notebook's code cells, in order."""
    return [b for c in chains(page) if c.in_notebook for b in c.blocks]


def snippet_name(block: Block) -> str:
    """``cnn/lenet`` for a block that shows ``cnn/lenet.py``."""
    return block.include.rsplit(".", 1)[0] if block.include else block.id


@dataclass
class Run:
    """One chain's part of its page's run: what each block printed, or why
    it failed."""

    chain: Chain
    outputs: list[str]
    seconds: float
    entry: Entry | None = None
    error: str | None = None  # the failure, when a cell of the chain failed
    failed_block: int | None = None  # which block of the chain

    @property
    def figures(self) -> Path | None:
        return self.entry.figures if self.entry else None

    @property
    def cached(self) -> bool:
        return self.entry is not None and self.entry.cached


@dataclass
class PageRun:
    page: Path
    entry: Entry | None
    chains: list[Run] = field(default_factory=list)
    error: str | None = None

    @property
    def seconds(self) -> float:
        return self.entry.seconds if self.entry else sum(r.seconds for r in self.chains)


def chain_runs(page: Path, nb: nbformat.NotebookNode, entry: Entry | None = None,
               failed: NotebookFailed | None = None) -> list[Run]:
    """Each chain of ``page`` that its executed notebook ``nb`` ran: its
    cells' printed outputs, and (in ``entry``) their figures."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    ran = [c for c in chains(page) if c.in_notebook]
    blocks = [b for c in ran for b in c.blocks]
    if len(blocks) != len(cells):
        raise ValueError(f"{page.relative_to(ROOT)}: expected one code cell per block that "
                         f"runs, {len(blocks)}, got {len(cells)}")
    cell_of = dict(zip(blocks, cells))
    bad = blocks[failed.cell] if failed is not None and failed.cell is not None else None
    made = []
    for chain in ran:
        outputs = [printed(cell_of[b]) for b in chain.blocks]
        seconds = sum(_seconds(cell_of[b]) for b in chain.blocks)
        if failed is None:
            made.append(Run(chain, outputs, seconds, entry))
        elif bad in chain.blocks:
            made.append(Run(chain, outputs, seconds, error=str(failed),
                            failed_block=chain.blocks.index(bad)))
        elif bad is not None and blocks.index(chain.blocks[0]) < blocks.index(bad):
            made.append(Run(chain, outputs, seconds))  # it ran before the failure
        else:
            made.append(Run(chain, outputs, seconds, failed_block=0,
                            error=f"its page's notebook failed before it:\n{failed}"))
    return made


def run_page(page: Path, kernels: warmkernel.KernelServer | None = None) -> PageRun:
    """The page's notebook, executed (kept or run now), and its chains' runs."""
    nb = notebook(page)
    if nb is None:
        raise ValueError(f"expected a page that runs code, got {page.relative_to(ROOT)}")
    names = [snippet_name(b) for b in _cell_blocks(page)]
    try:
        entry = run(nb, interpreter=kernel_python(page), kernels=kernels, figure_names=names)
    except NotebookFailed as failed:
        return PageRun(page, None, chain_runs(page, failed.notebook, failed=failed),
                       error=str(failed))
    return PageRun(page, entry, chain_runs(page, entry.notebook, entry))


def page_of(chain: Chain) -> Path:
    """The page whose notebook runs a chain (the first that shows it)."""
    if not chain.in_notebook:
        raise ValueError(f"expected a chain that a page's notebook runs, got {chain.id} "
                         f"({chain.syntax}{', skipped' if chain.skip else ''})")
    return chain.blocks[0].page


def is_kept(page: Path) -> bool:
    return cached(notebook(page), kernel_python(page)) is not None


def run_pages(todo: Iterable[Path], jobs: int = 2, report=None) -> dict[Path, PageRun]:
    """The pages' runs; those not kept run ``jobs`` at a time, in kernels
    forked from one warm process."""
    todo = list(dict.fromkeys(todo))
    missing = [p for p in todo if not is_kept(p)]
    with (kernel_server() if missing else nullcontext()) as kernels, \
            ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        done = dict(zip(todo, pool.map(lambda p: run_page(p, kernels), todo)))
        for page in todo:
            if report:
                report(done[page])
    return done


def run_chains(chains_: Iterable[Chain], jobs: int = 2) -> list[Run]:
    """The runs of chains, read off their pages' runs (made where not kept)."""
    chains_ = list(chains_)
    by_page = run_pages([page_of(c) for c in chains_], jobs)
    found = {r.chain.key: r for pr in by_page.values() for r in pr.chains}
    return [found[c.key] for c in chains_]


def run_chain(chain: Chain) -> Run:
    return run_chains([chain], jobs=1)[0]


# --- the hands-on notebooks ------------------------------------------------

HANDS_ON = ROOT / "snippets" / "notebooks"


def hands_on_sources() -> list[Path]:
    """The hands-on notebooks' sources (``notebook_gen.read_source``)."""
    return sorted(HANDS_ON.glob("*.py"))


def _hands_on(source: Path) -> nbformat.NotebookNode:
    return notebook_gen.read_source(source.read_text("utf-8"))


def hands_on_kept(source: Path) -> bool:
    return cached(_hands_on(source), with_kernel(python())) is not None


def run_hands_on(source: Path, kernels: warmkernel.KernelServer | None = None) -> Entry:
    """A hands-on notebook (both languages' cells) run as a page's is, its
    figures drawn inline: kept or run now (raises :class:`NotebookFailed`)."""
    return run(_hands_on(source), kernels=kernels)


# --- make outputs ---------------------------------------------------------

def write_output(block: Block, printed_: str, force: bool = False) -> str:
    """Write one block's ``.out`` if it changed; say what happened."""
    out = block.snippet.with_suffix(".out")
    if not printed_:
        if out.exists():
            out.unlink()
            return "prints nothing now: removed"
        return "prints nothing"
    if out.exists():
        old = out.read_text("utf-8")
        if old == printed_:
            return "unchanged"
        if not force and rule.check(old, printed_, source=block.code) is None:
            return "agrees within the tolerance: kept"
    out.write_text(printed_, "utf-8")
    return "written"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snippets", nargs="*", help="only the pages that run these snippets")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="notebooks at a time")
    parser.add_argument("--write", action="store_true",
                        help="rewrite each block's .out where the run disagrees with it")
    parser.add_argument("--force", action="store_true",
                        help="with --write: write the fresh output even where it agrees")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    todo = with_code("zh")
    sources = [] if args.snippets else hands_on_sources()
    if args.snippets:
        wanted = {(SNIPPETS / s).resolve() if not Path(s).exists() else Path(s).resolve()
                  for s in args.snippets}
        todo = [p for p in todo if any(b.snippet and b.snippet.resolve() in wanted
                                       for b in _cell_blocks(p))]
        if not todo:
            parser.error(f"no page's notebook runs {' '.join(args.snippets)}")
    failed = 0

    def report(r: PageRun) -> None:
        nonlocal failed
        kept = r.entry is not None and r.entry.cached
        state = "kept" if kept else ("FAILED" if r.error else "ran")
        took = " " * 9 if kept else f"{r.seconds:7.1f} s"
        print(f"{took}  {state:6}  notebook of {r.page.relative_to(DOCS)}", flush=True)
        if r.error:
            failed += 1
            print(r.error[-3000:], file=sys.stderr)
        elif args.write:
            for run in r.chains:
                blocks = run.chain.blocks
                if args.snippets and not any(b.snippet.resolve() in wanted for b in blocks):
                    continue
                for block, out in zip(blocks, run.outputs):
                    print(f"         {block.include}: {write_output(block, out, args.force)}")

    kept = sum(1 for p in todo if is_kept(p)) + sum(1 for s in sources if hands_on_kept(s))
    missing = kept < len(todo) + len(sources)
    with (kernel_server() if missing else nullcontext()) as kernels, \
            ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        hands_on = [pool.submit(run_hands_on, s, kernels) for s in sources]
        for r in pool.map(lambda p: run_page(p, kernels), todo):
            report(r)
        for source, job in zip(sources, hands_on):
            try:
                job.result()
            except NotebookFailed as exc:  # the cell that failed
                print(f"FAILED {source.relative_to(ROOT)}: {exc}"[-3000:], file=sys.stderr)
                failed += 1
    print(f"{len(todo) + len(sources)} notebooks ({kept} kept from before) in "
          f"{time.perf_counter() - start:.0f} s; {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
