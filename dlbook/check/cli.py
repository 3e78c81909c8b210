"""Rerun the book's code on your machine and compare it with the book.

``python -m dlbook check [PAGE]``: does the book's code print, here, what
the book shows?  Every output on the book's pages comes from a real run,
checked by the book's tests with one Python, one set of library versions
and one thread.  A reader runs the same code with another torch, another
CPU, perhaps a GPU, and may see other numbers.  Most differences are
harmless (the last digit of a loss), some are not (a new torch changed a
default); this command tells which: it reruns a page's code exactly as the
tests do (:mod:`dlbook.check.run`: each chain of snippets in a fresh process in
an empty folder), compares what it prints with the page under the tests'
own rule (:mod:`dlbook.check.outputs`: same text, whole numbers equal, decimals
within two steps of their last printed digit) and, for each line that
disagrees, says what the book shows and what your run printed; then, once,
what the differences point at (:mod:`dlbook.check.report`): other library
versions than the book's, or, with the book's versions, this machine's
float path (:mod:`dlbook.check.floatpath`).

plan -> run -> compare -> report: :func:`plan` lists the chains,
:func:`check` runs each (:func:`run_one`) and compares it with the page,
and :mod:`dlbook.check.report` reports their results.

    python -m dlbook check neuron           # one page
    python -m dlbook check rnn              # a chapter
    python -m dlbook check /en/rnn/memory/  # a page by its address
    python -m dlbook check                  # the whole book (long)
    python -m dlbook check --list           # the pages that have code

The exit status is 0 when every run agrees with the book, 1 when one
differs or fails, 2 when the command names no page.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import TextIO

from dlbook.check import floatpath, report
from dlbook.check import outputs as rule
from dlbook.check import run as rerun
from dlbook.check.book import Book, BookError, Chain, installed
from dlbook.check.report import Result

TIMEOUT = 1800  # seconds for one chain, as in the book's own runs
# The book's outputs are made with one thread: how a matrix product is split
# between threads changes its last bits, and a long training run can turn
# those bits into another printed number.
THREADS = 1


def run_env(threads: int = THREADS) -> dict[str, str]:
    """What the runs add to the reader's environment: as the book's runs,
    ``threads`` threads and ``PYTHONHASHSEED=0``; a matplotlib backend that
    draws without a window, so ``plt.show()`` returns at once."""
    if threads < 1:
        raise ValueError(f"expected threads >= 1, got {threads}")
    return {"OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
            "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"}


def plan(book: Book, pages: list[str]) -> list[tuple[str, Chain]]:
    """The chains to run, each once, named after the first page that runs it."""
    seen, todo = set(), []
    for page in pages:
        for chain in book.pages[page]:
            if (chain.syntax, chain.files) not in seen:
                seen.add((chain.syntax, chain.files))
                todo.append((page, chain))
    return todo


def skip_reason(book: Book, chain: Chain) -> str | None:
    """Why this machine does not run the chain: the page's reason, a
    framework that is not installed, or no ``bash`` for a command line."""
    if chain.skip:
        return chain.skip
    if chain.syntax != "python":
        return None if shutil.which("bash") else "needs bash, not found here"
    missing = missing_modules(book.path(f) for f in chain.files)
    if not missing:
        return None
    extras = sorted({e for n in missing if (e := _extra_of(n))})
    hint = f' (pip install -e ".[{",".join(extras)}]")' if extras else ""
    return f"needs {', '.join(missing)}, not installed here{hint}"


def _extra_of(module: str) -> str | None:
    """The optional extra of dlbook that installs ``module`` (jax ->
    ``frameworks``), read from the package's metadata."""
    try:
        requirements = metadata.requires("dlbook") or []
    except metadata.PackageNotFoundError:
        return None
    for line in requirements:
        name = re.match(r"[A-Za-z0-9_.-]+", line).group().lower().replace("-", "_")
        if name == module and (m := re.search(r"extra\s*==\s*['\"](\w+)", line)):
            return m.group(1)
    return None


def run_one(book: Book, page: str, chain: Chain, env: dict[str, str],
            timeout: float = TIMEOUT) -> Result:
    """Run one chain as a reader runs it (a fresh process, an empty folder)
    and compare it with the page; ``env`` is the run's whole environment."""
    if (why := skip_reason(book, chain)) is not None:
        return Result(page, chain, "skipped", why=why)
    files = [book.path(f) for f in chain.files]
    start = time.perf_counter()
    try:
        shell = chain.syntax != "python"
        shown = [book.path(o).read_text("utf-8") if o else None for o in chain.outputs]
        printed = rerun.run_chain(files, env=env, timeout=timeout, shell=shell,
                                  cwd=book.root if shell else None, shown=shown)
    except rerun.ChainFailed as failed:
        snippet = chain.files[min(failed.index, len(chain.files) - 1)]
        why = (report.traceback_tail(failed.stderr) if failed.stderr.strip()
               else str(failed))
        return Result(page, chain, "failed", time.perf_counter() - start,
                      why=f"{snippet} failed:\n{why}")
    except OSError as exc:  # the interpreter or bash could not be started
        return Result(page, chain, "failed", time.perf_counter() - start,
                      why=f"{chain.files[0]} could not run: {exc}")
    result = Result(page, chain, "ok", time.perf_counter() - start)
    for name, output, got in zip(chain.files, chain.outputs, printed):
        shown = book.path(output).read_text("utf-8") if output else None
        code = book.path(name).read_text("utf-8")
        if shown is None and not got or shown is not None and rule.check(
                shown, got, source=code) is None:
            continue
        result.state = "differs"
        result.differences.append((name, shown, got))
        result.tolerances[name] = rule.parse_tolerances(code)
    return result


def check(book: Book, pages: list[str], *, jobs: int = 1, threads: int = THREADS,
          timeout: float = TIMEOUT,
          progress: Callable[[Result], None] | None = None) -> list[Result]:
    """Run every chain of ``pages``, ``jobs`` at a time; the results in the
    book's order (``progress`` sees each as soon as it and those before it
    are done)."""
    if jobs < 1:
        raise ValueError(f"expected jobs >= 1, got {jobs}")
    env = {**os.environ, **run_env(threads)}
    todo = plan(book, pages)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_one, book, page, chain, env, timeout)
                   for page, chain in todo]
        results = []
        for future in futures:
            results.append(future.result())
            if progress:
                progress(results[-1])
    return results


def imports(files: Iterable[Path]) -> set[str]:
    """The top-level modules the files import (``torch``, ``dlbook``...)."""
    names = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def missing_modules(files: Iterable[Path]) -> list[str]:
    """The modules the files import that this Python cannot find: the other
    frameworks of the comparison page, which a reader's default install
    leaves out."""
    return sorted(n for n in imports(files) if importlib.util.find_spec(n) is None)


def main(argv: list[str] | None = None, *, book: Book | None = None,
         out: TextIO | None = None) -> int:
    """The command line; ``book`` replaces the installed book (the tests
    point it at a temporary one)."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m dlbook check",
        description="Rerun the book's code here and compare what it prints with "
                    "the book.",
        epilog="Exit status: 0 when every run agrees with the book, 1 when one "
               "differs or fails, 2 when the command names no page.")
    parser.add_argument("pages", nargs="*", metavar="PAGE",
                        help="a page (rnn/memory), a chapter (rnn) or an address "
                             "(/en/rnn/memory/); none: the whole book")
    parser.add_argument("--list", action="store_true", help="list the pages with code")
    parser.add_argument("-j", "--jobs", type=int, default=1,
                        help="chains run at a time (default 1)")
    parser.add_argument("--threads", type=int, default=THREADS,
                        help="threads per run (default 1, as the book's outputs)")
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.threads < 1:
        parser.error(f"expected -j and --threads >= 1, got -j {args.jobs} "
                     f"--threads {args.threads}")
    try:
        book = book or installed()
        pages = ([p for name in args.pages for p in book.select(name)]
                 if args.pages else list(book.pages))
    except BookError as exc:
        parser.error(str(exc))
    if args.list:
        report.listing(book, pages, out)
        return 0
    pages = list(dict.fromkeys(pages))
    todo = plan(book, pages)
    if not todo:
        print(f"{', '.join(pages)}: no code to run", file=out)
        return 0
    path = floatpath.here(args.threads, {**os.environ, **run_env(args.threads)})
    print(report.headline(book, pages, len(todo), path), file=out, flush=True)
    start = time.perf_counter()
    results = check(book, pages, jobs=args.jobs, threads=args.threads,
                    progress=lambda r: report.line(r, out))
    report.details(results, out)
    report.summary(book, results, path, time.perf_counter() - start, out)
    return 1 if any(r.state in ("differs", "failed") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
