"""Run every chain of the book once, and keep the result by content hash.

One run of a chain (see ``pages.py``) feeds everything that needs it: the
output check of the tests (``tests/test_codeblocks.py``), the figures of the
site (``figures.py``: the run pickles what ``plt.show()`` shows) and
``make outputs``.  A run is redone only when something it depends on
changes: the chain's files, the ``dlbook`` modules it imported (so an edit
of ``dlbook/gan.py`` reruns only the chains that use it), the Python and
its library versions, or the way runs are made.  A kept run is a real run
of exactly the same code; what it printed is checked afresh each time.

A chain runs here as a reader who copies it into a file runs it
(``dlbook.check.run``): a fresh Python process in an empty folder, with the
interpreter in ``DLBOOK_RUN_PYTHON`` (in ``make test``, a virtual
environment made with the reader's install commands) or this one, which
also runs a chain that needs an optional extra the reader's install leaves
out (the framework comparison's JAX and Keras).  The run of a Python chain
usually comes from its page's notebook instead (``pagerun.py``: one fresh
Jupyter kernel, the same interpreter, every Python block of the page once;
``run.json`` names the notebook).  ``make runs`` runs here only the chains
no notebook holds, the shell blocks: each block of the book runs once.

    python hooks/bookrun.py                  # run what is not kept, 2 at a time
    python hooks/bookrun.py -j 1 cnn/lenet.py
    python hooks/bookrun.py --write [...]    # and rewrite snippets/<ch>/<name>.out
    python hooks/bookrun.py --not-in-notebooks   # only what no page's notebook runs

``--write`` (``make outputs``) writes what each block printed beside its
snippet as ``<name>.out``, which both languages' pages include.  A committed
``.out`` that the fresh output still agrees with (the rule of
``dlbook.check.outputs``) is left alone, so a run on another CPU does not churn
the last digits; ``--force`` writes the fresh output anyway.  A snippet that
no longer prints loses its ``.out``.  The tests never write these files.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import queue
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dlbook.check import run as rerun
from dlbook.check import outputs as outputs_rule
from dlbook.check.pages import ROOT, SNIPPETS, Block, Chain, all_chains, output_path
from runcache import (BACKEND, chain_key, depends_on, environment, extra_of, python,
                      still_true, thread_env)

__all__ = ["BACKEND", "CACHE", "Run", "cached", "chain_key", "depends_on", "environment",
           "extra_of", "key", "python", "run", "run_many", "still_true", "thread_env"]

CACHE = ROOT / ".cache" / "runs"
SECONDS = CACHE / "seconds.json"  # how long each chain took when last run
TIMEOUT = 1800  # seconds for one chain


def key(chain: Chain, interpreter: str | None = None) -> str:
    """The content hash of a chain's run: of its cached run where there is
    one, else of the chain with all of ``dlbook`` (what a new run would be
    keyed by before it tells which modules it imports)."""
    hit = cached(chain, interpreter)
    if hit is not None:
        return f"{hit.folder.parent.name}/{hit.folder.name}"
    everything = json.dumps(depends_on(None), sort_keys=True).encode()
    return f"{chain_key(chain, interpreter)}/{hashlib.sha256(everything).hexdigest()[:16]}"


@dataclass
class Run:
    """One run of a chain: what each block printed, or why it failed."""

    chain: Chain
    outputs: list[str]
    seconds: float
    folder: Path | None = None  # the cache entry (holds ``figures/``)
    error: rerun.ChainFailed | None = None
    cached: bool = False
    depends_on: dict[str, str] | None = None  # the book's files it read: digests

    @property
    def figures(self) -> Path | None:
        return self.folder / "figures" if self.folder else None


def _files(chain: Chain) -> list[Path]:
    missing = [b.id for b in chain.blocks if b.snippet is None]
    if missing:
        raise ValueError(f"expected every block to include a snippet file, got inline "
                         f"code at {missing}")
    return [b.snippet for b in chain.blocks]


def cached(chain: Chain, interpreter: str | None = None) -> Run | None:
    """The chain's kept run whose dependencies are unchanged, if any."""
    for folder in sorted((CACHE / chain_key(chain, interpreter)).glob("*/")):
        try:
            saved = json.loads((folder / "run.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if still_true(saved["depends_on"]):
            return Run(chain, saved["outputs"], saved["seconds"], folder, cached=True,
                       depends_on=saved["depends_on"])
    return None


def _env(figures: Path) -> dict[str, str]:
    return {"DLBOOK_FIGURE_DIR": str(figures)}


def _runner_env(backend: str) -> dict[str, str]:
    return dict(os.environ, MPLBACKEND="module://figure_backend", PYTHONPATH=backend,
                PYTHONHASHSEED="0", **thread_env())


def run(chain: Chain, interpreter: str | None = None,
        runner: rerun.Runner | None = None) -> Run:
    """The chain's run: from the cache, or made now (and then cached).

    ``runner`` (a warm :class:`dlbook.check.run.Runner` for ``interpreter``)
    saves the imports.  A failed run is returned, not cached: the next call
    runs it again.
    """
    interpreter = interpreter or python(chain)
    if (hit := cached(chain, interpreter)) is not None:
        return hit
    files = _files(chain)
    work = workspace()
    start = time.perf_counter()
    try:
        if chain.syntax != "python":
            outputs = rerun.run_chain(files, python=interpreter, env=dict(os.environ),
                                      timeout=TIMEOUT, shell=True, cwd=ROOT)
        elif runner is not None:
            outputs = runner.run(files, env=_env(work / "figures"), timeout=TIMEOUT)
        else:
            env = {**_runner_env(backend_folder()), **_env(work / "figures")}
            outputs = rerun.run_chain(files, python=interpreter, env=env, timeout=TIMEOUT)
    except rerun.ChainFailed as failed:
        shutil.rmtree(work, ignore_errors=True)
        return Run(chain, failed.outputs, time.perf_counter() - start, error=failed)
    seconds = time.perf_counter() - start
    deps = depends_on(runner.modules if runner is not None and chain.syntax == "python"
                      else None)
    return keep(work, chain, interpreter, outputs, seconds, deps)


def workspace() -> Path:
    """A new folder for a run in the making, with its empty ``figures/``."""
    work = CACHE / f"tmp-{uuid.uuid4().hex}"
    (work / "figures").mkdir(parents=True)
    return work


def keep(work: Path, chain: Chain, interpreter: str, outputs: list[str], seconds: float,
         deps: dict[str, str], **about: str) -> Run:
    """Keep a finished run (``work``: from :func:`workspace`, its figures in
    it) under the chain's key; ``about`` says more of it in ``run.json``."""
    (work / "run.json").write_text(json.dumps(
        {"chain": chain.id, "outputs": outputs, "seconds": round(seconds, 2),
         "python": interpreter, "depends_on": deps, **about}, ensure_ascii=False,
        indent=1), "utf-8")
    variant = hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()[:16]
    folder = CACHE / chain_key(chain, interpreter) / variant
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        work.rename(folder)
    except OSError:  # made by another process meanwhile: keep theirs
        shutil.rmtree(work, ignore_errors=True)
    return Run(chain, outputs, seconds, folder, depends_on=deps)


def backend_folder() -> str:
    """A folder holding only ``figure_backend.py``, for the PYTHONPATH of a
    run (a chain's or a notebook kernel's): one per version of the file, so
    every kernel of a warm server starts with the same path."""
    folder = CACHE / "backend" / hashlib.sha256(BACKEND.read_bytes()).hexdigest()[:16]
    if not (folder / BACKEND.name).exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{BACKEND.name}.{os.getpid()}.tmp"
        shutil.copy(BACKEND, partial)
        partial.replace(folder / BACKEND.name)
    return str(folder)


def run_many(chains: Iterable[Chain], jobs: int = 2, interpreter: str | None = None,
             report: Callable[[Run], None] | None = None) -> list[Run]:
    """Run the chains, ``jobs`` at a time; return their runs in order.

    The chains that took longest last time start first, so that two cores
    do not end with one long run alone.
    """
    jobs = max(1, jobs)
    chains = list(chains)
    known = _known_seconds()
    order = sorted(range(len(chains)), key=lambda i: -known.get(chains[i].id, 0))
    warm = interpreter or python()  # the runners' interpreter
    todo = [i for i in order if cached(chains[i], interpreter) is None]
    runners: queue.Queue[rerun.Runner] = queue.Queue()

    def one(chain: Chain) -> Run:
        if (cached(chain, interpreter) is not None or chain.syntax != "python"
                or (interpreter or python(chain)) != warm):
            return run(chain, interpreter)
        runner = runners.get()
        try:
            return run(chain, warm, runner)
        finally:
            runners.put(runner)

    with contextlib.ExitStack() as stack:
        if todo:
            backend = backend_folder()
            for _ in range(min(jobs, len(todo))):
                runners.put(stack.enter_context(
                    rerun.Runner(warm, env=_runner_env(backend))))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {i: pool.submit(one, chains[i]) for i in order}
            for i in order:
                if report:
                    report(futures[i].result())
    runs = [futures[i].result() for i in range(len(chains))]
    known.update({r.chain.id: round(r.seconds, 1) for r in runs if not r.cached})
    SECONDS.parent.mkdir(parents=True, exist_ok=True)
    SECONDS.write_text(json.dumps(known, indent=1, sort_keys=True), "utf-8")
    return runs


def _known_seconds() -> dict[str, float]:
    try:
        return json.loads(SECONDS.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def runnable() -> list[Chain]:
    return [c for c in all_chains() if not c.skip]


def write_output(block: Block, printed: str, force: bool = False) -> str:
    """Write one block's ``.out`` if it changed; say what happened."""
    out = output_path(block.snippet)
    if not printed:
        if out.exists():
            out.unlink()
            return "prints nothing now: removed"
        return "prints nothing"
    if out.exists():
        old = out.read_text("utf-8")
        if old == printed:
            return "unchanged"
        tolerances = outputs_rule.parse_tolerances(block.code)
        if not force and not outputs_rule.compare(old, printed, tolerances=tolerances):
            return "agrees within the tolerance: kept"
    out.write_text(printed, "utf-8")
    return "written"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snippets", nargs="*", help="only the chains with these snippets")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="runs at a time")
    parser.add_argument("--write", action="store_true",
                        help="rewrite each block's .out where the run disagrees with it")
    parser.add_argument("--force", action="store_true",
                        help="with --write: write the fresh output even where it agrees")
    parser.add_argument("--not-in-notebooks", action="store_true",
                        help="only the chains that no page's notebook runs (pagerun.py "
                             "keeps the runs of the others)")
    args = parser.parse_args(argv)
    chains = runnable()
    if args.not_in_notebooks:
        chains = [c for c in chains if not c.in_notebook]
    if args.snippets:
        wanted = {(SNIPPETS / s).resolve() if not Path(s).exists() else Path(s).resolve()
                  for s in args.snippets}
        chains = [c for c in chains if any(b.snippet.resolve() in wanted for b in c.blocks)]
        if not chains:
            parser.error(f"no page runs {' '.join(args.snippets)}")
    start = time.perf_counter()

    def report(r: Run) -> None:
        state = "cached" if r.cached else ("FAILED" if r.error else "ran")
        print(f"{r.seconds:7.1f} s  {state:6}  {r.chain.id}", flush=True)
        if r.error:
            print(f"         {r.error}\n{r.error.stderr}", file=sys.stderr)
        elif args.write:
            for block, printed in zip(r.chain.blocks, r.outputs):
                print(f"         {block.include}: {write_output(block, printed, args.force)}")

    runs = run_many(chains, args.jobs, report=report)
    made = [r for r in runs if not r.cached]
    failed = [r for r in runs if r.error]
    print(f"{len(runs)} chains: {len(runs) - len(made)} cached, {len(made)} run "
          f"({sum(r.seconds for r in made):.0f} s of runs) in "
          f"{time.perf_counter() - start:.0f} s with {args.jobs} at a time; "
          f"{len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
