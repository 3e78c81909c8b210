"""What a chain's run depends on, so that a kept run is used only while it
still stands for a fresh one.

A run's output is decided by the chain's own files, the interpreter it runs
with and that interpreter's library versions, the number of threads, the
runner (``dlbook/check/run.py``, ``figure_backend.py``) and the ``dlbook`` files
it read: the modules it imported and the package's data.  ``bookrun.py``
keys a run by all but the last (``chain_key``) and keeps the last with it
(``depends_on``), so that an edit of ``dlbook/gan.py`` runs again only the
chains that import it.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

from dlbook.check import run as rerun
from dlbook.check.pages import ROOT, SNIPPETS, Chain

BACKEND = Path(__file__).with_name("figure_backend.py")

# Every run uses one thread.  How a matrix product is split between threads
# changes its last bits, and a long training run (the deep nets, a large
# learning rate) can turn those bits into another result: with one thread
# the book prints the same on 2 cores and on 16, and two runs side by side
# share two cores without fighting over them.
THREADS = 1

# The libraries whose version changes what a snippet prints.
_VERSIONS = """
import sys
from importlib.metadata import version
names = ["torch", "numpy", "matplotlib", "scikit-learn", "safetensors"]
print(sys.version)
for n in names:
    try:
        print(n, version(n))
    except Exception:
        print(n, "absent")
"""


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
def _versions(interpreter: str) -> str:
    proc = subprocess.run([interpreter, "-c", _VERSIONS], capture_output=True,
                          text=True, check=True)
    return proc.stdout


def environment(interpreter: str | None = None) -> str:
    """What decides every run's output besides the chain and the ``dlbook``
    modules it imports: the library versions, the threads, the runner."""
    h = hashlib.sha256(_versions(interpreter or python()).encode())
    h.update(f"threads={THREADS}".encode())
    h.update(BACKEND.read_bytes())
    h.update(Path(rerun.__file__).read_bytes())
    return h.hexdigest()


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


def chain_key(chain: Chain, interpreter: str | None = None) -> str:
    """The hash of a chain and its environment; a run of it is valid while
    the book's files it depended on (``depends_on``) are unchanged."""
    h = hashlib.sha256(environment(interpreter or python(chain)).encode())
    h.update(chain.syntax.encode())
    for block in chain.blocks:
        h.update(block.include.encode())
        h.update(block.code.encode())
    if chain.syntax != "python":  # a shell block may run any file of the book
        for path in sorted(SNIPPETS.rglob("*.py")):
            h.update(path.read_bytes())
    return h.hexdigest()[:24]


def thread_env() -> dict[str, str]:
    """One thread per run (see ``THREADS``)."""
    return {name: str(THREADS) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
