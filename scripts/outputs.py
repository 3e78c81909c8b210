"""Write what every snippet prints to ``snippets/<ch>/<name>.out``.

    make outputs                                   # every snippet
    python scripts/outputs.py cnn/lenet.py ...     # some (path or ch/name.py)
    python scripts/outputs.py --force ...          # rewrite even when it agrees

Each snippet runs as a reader runs it: ``python snippet.py`` in a fresh empty
folder, with ``MPLBACKEND=Agg`` and ``PYTHONHASHSEED=0``, importing ``dlbook``
from this checkout.  Blocks that a page joins with
``<!--pytest-codeblocks:cont-->`` run one after another in one process, as a
reader runs a page top to bottom; shell blocks run from the repository root.
Blocks marked ``<!--pytest.mark.skip-->`` are not run.

A committed ``.out`` that the fresh output still agrees with (the rule of
``dlbook.outputs``: same text, decimals within two steps of their last digit)
is left alone, so running this on another CPU does not churn the last digits;
``--force`` writes the fresh output anyway.  A snippet that no longer prints
loses its ``.out``.  The tests never write these files: they compare.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    """Import one of the repository's helper modules by its path."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


pages = _load("pages", ROOT / "tests" / "pages.py")
outputs = _load("dlbook_outputs", ROOT / "dlbook" / "outputs.py")

SEPARATOR = "\x1e"  # between the outputs of a chain's blocks
# Runs a chain's files in one namespace, as one page read top to bottom.
CHAIN_DRIVER = f"""
import sys
namespace = {{"__name__": "__main__"}}
for path in sys.argv[1:]:
    namespace["__file__"] = path
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), namespace)
    sys.stdout.flush()
    sys.stdout.write({SEPARATOR!r})
    sys.stdout.flush()
"""


def reader_env() -> dict[str, str]:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env["PATH"]])
    return env


def run_chain(chain, timeout: float) -> list[str]:
    """What each block of a chain prints, from a real run."""
    files = [str(b.snippet) for b in chain.blocks]
    if chain.syntax in {"bash", "sh"}:
        cmds = [["bash", "-euo", "pipefail", f] for f in files]
        cwd = ROOT
    elif len(files) == 1:
        cmds = [[sys.executable, files[0]]]
        cwd = None
    else:
        cmds = [[sys.executable, "-c", CHAIN_DRIVER, *files]]
        cwd = None
    printed = []
    with tempfile.TemporaryDirectory(prefix="dlbook-outputs-") as tmp:
        for cmd in cmds:
            try:
                proc = subprocess.run(cmd, cwd=cwd or tmp, env=reader_env(),
                                      capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                raise RuntimeError(f"did not finish in {timeout:.0f} s") from None
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd[-len(files):])} exited "
                                   f"{proc.returncode}:\n{proc.stderr[-3000:]}")
            printed.append(proc.stdout)
    if len(cmds) == 1 and len(files) > 1:
        printed = printed[0].split(SEPARATOR)[: len(files)]
    return printed


def update(block, printed: str, force: bool) -> str:
    """Write one block's .out if it changed; say what happened."""
    out = pages.output_path(block.snippet)
    if not printed:
        if out.exists():
            out.unlink()
            return "prints nothing now: removed"
        return "prints nothing"
    if out.exists():
        old = out.read_text("utf-8")
        if old == printed:
            return "unchanged"
        tolerances = outputs.parse_tolerances(block.code)
        if not force and not outputs.compare(old, printed, tolerances=tolerances):
            return "agrees within the tolerance: kept"
    out.write_text(printed, "utf-8")
    return "written"


def selected(chains, names: list[str]):
    if not names:
        return chains
    wanted = set()
    for name in names:
        path = Path(name).resolve() if Path(name).exists() else pages.SNIPPETS / name
        wanted.add(path.resolve())
    return [c for c in chains if any(b.snippet and b.snippet.resolve() in wanted
                                     for b in c.blocks)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snippets", nargs="*", help="only the chains with these snippets")
    parser.add_argument("--force", action="store_true",
                        help="write the fresh output even where it agrees")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="runs at a time")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds one run may take (default 1800)")
    args = parser.parse_args(argv)

    chains = [c for c in selected(pages.all_chains(), args.snippets) if not c.skip]
    if args.snippets and not chains:
        parser.error(f"no page runs {' '.join(args.snippets)}")

    def one(chain):
        start = time.perf_counter()
        try:
            printed = run_chain(chain, args.timeout)
        except RuntimeError as exc:
            return chain, None, str(exc), time.perf_counter() - start
        return chain, printed, None, time.perf_counter() - start

    failed = 0
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for done in as_completed([pool.submit(one, chain) for chain in chains]):
            chain, printed, error, seconds = done.result()
            if error:
                failed += 1
                print(f"FAILED  {chain.id}: {error}", file=sys.stderr)
                continue
            for block, text in zip(chain.blocks, printed):
                status = update(block, text, args.force)
                print(f"{seconds:6.1f} s  {block.include}: {status}", flush=True)
    print(f"{len(chains)} runs in {time.perf_counter() - start:.0f} s, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
