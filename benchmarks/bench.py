"""``make bench``: how fast the book's hand-written layers and the book are.

1. Layers: each ``dlbook`` layer that exists (Dense, Conv2d, LSTM, GRU,
   MultiHeadAttention, ...) against its ``torch.nn`` counterpart with the
   same weights copied in: the outputs are compared first (max |diff|),
   then forward (and forward + backward) are timed, median of repeats, and
   the table shows the ratio ours / torch.  A layer whose module is missing
   is skipped, so the table grows with the book.
2. The book: wall time of running every notebook, which runs every Python
   block of the book once (``bookkit/runs.py``: what is kept is not run
   again, and its summary says how much was), and of
   ``mkdocs build --strict`` into a temporary folder.
3. Every other script in ``benchmarks/`` (written with the chapters), run
   with its default arguments; its own output is printed, and the summary
   table gives its wall time and exit status.

    python benchmarks/bench.py [--only layers|book|scripts] [--repeats N]
                               [--fresh-clone]

Timings depend on the machine and on what else runs on it; ratios travel
better than seconds.  No test checks these numbers (STYLE.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

from _timing import median_seconds  # benchmarks/_timing.py: the one shared timer

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CPU = torch.device("cpu")
BUDGET = 2.0  # seconds per timing: a slow case stops early


def _first(y):
    return y[0] if isinstance(y, tuple) else y


# Each case: name, shape of the input, a builder returning (ours, theirs,
# X).  Builders import lazily: a module not written yet skips its case.
def _dense():
    from dlbook.neuron import Dense
    ours, theirs = Dense(256, 256), nn.Linear(256, 256)
    theirs.load_state_dict({"weight": ours.weight, "bias": ours.bias})
    return ours, theirs, torch.randn(512, 256)


def _conv():
    from dlbook.conv import Conv2d
    ours, theirs = Conv2d(8, 16, 3, padding=1), nn.Conv2d(8, 16, 3, padding=1)
    theirs.load_state_dict(ours.state_dict())
    return ours, theirs, torch.randn(32, 8, 8, 8)  # digits-sized images


def _recurrent(kind: str):
    def build():
        import dlbook.rnn as rnn
        ours = getattr(rnn, kind)(64, 128)
        theirs = getattr(nn, kind)(64, 128, batch_first=True)
        theirs.load_state_dict(ours.state_dict())
        return ours, theirs, torch.randn(32, 50, 64)
    return build


def _attention():
    from dlbook.attention import MultiHeadAttention
    theirs = nn.MultiheadAttention(128, 8, batch_first=True)
    ours = MultiHeadAttention(128, 8).load_from_torch(theirs)
    X = torch.randn(32, 64, 128)
    return ours, lambda x: theirs(x, x, x, need_weights=False), X


CASES = [
    ("Dense vs nn.Linear", "(B=512, C=256)", _dense),
    ("Conv2d vs nn.Conv2d", "(B=32, C=8, 8, 8), 3x3", _conv),
    ("RNN vs nn.RNN", "(B=32, T=50, C=64)", _recurrent("RNN")),
    ("LSTM vs nn.LSTM", "(B=32, T=50, C=64)", _recurrent("LSTM")),
    ("GRU vs nn.GRU", "(B=32, T=50, C=64)", _recurrent("GRU")),
    ("MultiHeadAttention vs nn.MHA", "(B=32, T=64, C=128, H=8)", _attention),
]


def bench_layers(repeats: int) -> list[list[str]]:
    rows = []
    for name, shape, build in CASES:
        try:
            ours, theirs, X = build()
        except (ImportError, AttributeError, TypeError) as e:
            rows.append([name, shape, "-", "-", "-", f"skipped ({type(e).__name__})"])
            continue
        with torch.no_grad():
            diff = (_first(ours(X)) - _first(theirs(X))).abs().max().item()
            fwd = [median_seconds(lambda m=m: m(X), CPU, repeats, budget=BUDGET)
                   for m in (ours, theirs)]
        Xg = X.clone().requires_grad_(True)
        both = [median_seconds(lambda m=m: _first(m(Xg)).sum().backward(),
                               CPU, repeats, budget=BUDGET)
                for m in (ours, theirs)]
        print(f"  {name}: forward {fwd[0] / fwd[1]:.1f}x", file=sys.stderr, flush=True)
        rows.append([name, shape, f"{fwd[0] * 1e3:.2f} / {fwd[1] * 1e3:.2f}",
                     f"{fwd[0] / fwd[1]:.2f}x", f"{both[0] / both[1]:.2f}x",
                     f"{diff:.1e}"])
    return rows


def _timed(cmd: list[str], env: dict | None = None) -> tuple[float, int, str]:
    t = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - t, p.returncode, p.stdout + p.stderr


def bench_book() -> list[list[str]]:
    """The build, and the runs of the book's code (``make runs``).  The runs
    are kept by content hash (bookkit/runs.py): its summary line says how
    many ran and how many came from the cache; ``make clean`` first for a
    cold measurement."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    rows = []
    for what, script in (("every notebook (pages, hands-on), 2 at a time: every Python "
                          "block once", "bookkit/runs.py"),):
        s, rc, out = _timed([PY, *script.split()], env)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        rows.append([f"{what} ({script})", f"{s:.0f} s", last if rc == 0 else f"exit {rc}"])
    with tempfile.TemporaryDirectory() as site:
        s, rc, out = _timed([PY, "-m", "mkdocs", "build", "--strict", "-d", site], env)
        rows.append(["mkdocs build --strict (figures drawn from the runs)", f"{s:.0f} s",
                     "ok" if rc == 0 else f"exit {rc}"])
    return rows


def bench_scripts(timeout: int) -> list[list[str]]:
    rows = []
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"\n### benchmarks/{script.name}\n", flush=True)
        t = time.perf_counter()
        try:
            p = subprocess.run([PY, str(script)], cwd=ROOT, timeout=timeout,
                               capture_output=True, text=True)
            status, out = ("ok" if p.returncode == 0 else f"exit {p.returncode}"), p.stdout
            if p.returncode:
                out += p.stderr[-2000:]
        except subprocess.TimeoutExpired:
            status, out = f"timeout ({timeout} s)", ""
        print(out.rstrip(), flush=True)
        rows.append([f"benchmarks/{script.name}", f"{time.perf_counter() - t:.0f} s", status])
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (it goes into ARCHITECTURE.md, "Speed", as it is)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["layers", "book", "scripts"])
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--timeout", type=int, default=900, help="per other script, seconds")
    ap.add_argument("--fresh-clone", action="store_true",
                    help="loops.py also times make install + make test in a fresh clone (long)")
    args = ap.parse_args()
    if args.fresh_clone:
        os.environ["DLBOOK_BENCH_FRESH_CLONE"] = "1"  # read by benchmarks/loops.py
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads, load average "
          f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    sections = []
    if args.only in (None, "scripts"):
        sections.append(("Other benchmark scripts", ["script", "wall time", "status"],
                         bench_scripts(args.timeout)))
    if args.only in (None, "layers"):
        sections.append(("dlbook layers vs torch.nn (same weights; ratio > 1: ours is slower)",
                         ["layer", "input", "forward ms (ours / torch)", "forward ratio",
                          "fwd+bwd ratio", "max abs diff"], bench_layers(args.repeats)))
    if args.only in (None, "book"):
        sections.append(("The book", ["what", "wall time", "result"], bench_book()))
    for title, header, rows in sections:
        print(f"\n## {title}\n\n{table(header, rows)}")


if __name__ == "__main__":
    main()
