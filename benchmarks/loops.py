"""How long an author and CI wait: serve, build and a fresh-clone ``make test``.

Every measurement runs in a temporary copy of the repository (the files git
tracks or would track, never ``site/``, ``.cache/`` or generated pages), so
the real ``docs/`` are never edited and a cold run is really cold.

1. ``serve``: start ``mkdocs serve --dirty`` (as ``make serve`` does;
   ``--serve-args=""`` for a full rebuild on every save) on a free
   localhost port and time the first page (cold: nothing cached; with
   ``--warm`` the caches are copied in), then append a new word to a page
   (zh, then en), poll the served HTML until the word appears, and print
   the seconds from the save to the word being served.  Target: ≤ 5 s.
2. ``build``: ``mkdocs build --strict`` cold (fresh copy), then warm (the
   same copy again: figures, notebooks and diagrams cached).
3. ``fresh`` (only with ``--fresh-clone``: it takes many minutes): a
   ``git clone`` of HEAD with its own new ``.venv``, then ``make install``
   and ``make -j3 test`` (as ``.ci/run``; set ``INSTALLER=uv`` as CI
   does), each timed.  Target: ≤ 6 min in all.  The install needs the
   package index: run it directly, not under ``make bench`` (offline).

    python benchmarks/loops.py [serve|build|fresh ...] [--repeats N]
           [--serve-args="--dirty"] [--warm] [--fresh-clone]

With no subcommand it runs ``serve`` and ``build`` (and ``fresh`` with
``--fresh-clone``).  Seconds depend on the machine and its load; compare
runs made on the same machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import torch

from _timing import median_seconds

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CPU = torch.device("cpu")
# the page an author edits, and where each language serves it
PAGES = {"zh": ("docs/zh/neuron.md", "neuron/"), "en": ("docs/en/neuron.md", "en/neuron/")}


def _env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0",
                PYTHONDONTWRITEBYTECODE="1")


# generated and cached by content hash: copied only with --warm
CACHES = (".cache", "docs/zh/figures", "docs/en/figures")


@contextlib.contextmanager
def repo_copy(warm: bool = False) -> Iterator[Path]:
    """A throw-away copy of the working tree, without anything generated
    unless ``warm`` (then the caches come along, as on an author's machine)."""
    with tempfile.TemporaryDirectory(prefix="dlbook-loops-") as tmp:
        names = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
        dest = Path(tmp) / "repo"
        for name in filter(None, names):
            src = ROOT / name
            if src.is_file() and not src.is_symlink():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / name)
        for cache in CACHES if warm else ():
            if (ROOT / cache).is_dir():
                shutil.copytree(ROOT / cache, dest / cache, symlinks=True)
        yield dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, word: str | None, timeout: float, proc) -> float:
    """Seconds until ``url`` answers (and contains ``word``), polling."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {proc.returncode}")
        html = fetch(url)
        if html is not None and (word is None or word in html):
            return time.perf_counter() - t0
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not show {word!r} within {timeout:.0f} s")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, waited-for children included) of a process:
    on a loaded machine it says more than wall time.  NaN without /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen) -> None:
    """Stop ``mkdocs serve`` (and anything it started) as Ctrl-C would."""
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=wait)


def bench_serve(repeats: int, serve_args: list[str], timeout: float,
                warm: bool) -> list[list[str]]:
    rows = []
    state = "warm caches" if warm else "cold"
    with repo_copy(warm) as repo:
        port = free_port()
        log = open(repo / "serve.log", "w")
        proc = subprocess.Popen(
            [PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *serve_args],
            cwd=repo, env=_env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        base = f"http://127.0.0.1:{port}/"
        try:
            first = wait_for(base, None, timeout, proc)
            print(f"  serve: first page after {first:.1f} s ({state})", file=sys.stderr, flush=True)
            rows.append([f"mkdocs serve {' '.join(serve_args)}: first page, {state}",
                         f"{first:.1f} s"])
            for lang, (page, path) in PAGES.items():
                wait_for(base + path, None, timeout, proc)
                count = iter(range(10**6))
                cpu: list[float] = []

                def edit() -> None:
                    word = f"loopsbench{os.getpid()}x{lang}x{next(count)}"
                    before = cpu_seconds(proc.pid)
                    with open(repo / page, "a", encoding="utf-8") as f:
                        f.write(f"\n\n{word}\n")
                    wait_for(base + path, word, timeout, proc)
                    cpu.append(cpu_seconds(proc.pid) - before)

                s = median_seconds(edit, CPU, repeats)
                c = sorted(cpu)[len(cpu) // 2]
                print(f"  serve: {lang} edit visible after {s:.1f} s ({c:.1f} s CPU)",
                      file=sys.stderr, flush=True)
                rows.append([f"mkdocs serve: {lang} page edited -> visible (median of {repeats})",
                             f"{s:.1f} s", f"serve process: {c:.1f} s CPU"])
        except (TimeoutError, RuntimeError) as e:
            log.flush()
            tail = (repo / "serve.log").read_text("utf-8", "replace")[-3000:]
            rows.append(["mkdocs serve", f"failed: {e}"])
            print(tail, file=sys.stderr)
        finally:
            stop(proc)
            log.close()
    return rows


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _build(repo: Path, site: str, cpu: list[float] | None = None) -> None:
    before = _children_cpu()
    p = subprocess.run([PY, "-m", "mkdocs", "build", "--strict", "-d", site],
                       cwd=repo, env=_env(), capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"mkdocs build failed:\n{p.stderr[-3000:]}")
    if cpu is not None:
        cpu.append(_children_cpu() - before)


def bench_build(repeats: int) -> list[list[str]]:
    with repo_copy() as repo, tempfile.TemporaryDirectory() as site:
        cold_cpu: list[float] = []
        t = time.perf_counter()
        _build(repo, site, cold_cpu)
        cold = time.perf_counter() - t
        print(f"  build: cold {cold:.0f} s", file=sys.stderr, flush=True)
        warm_cpu: list[float] = []
        warm = median_seconds(lambda: _build(repo, site, warm_cpu), CPU, repeats)
        print(f"  build: warm {warm:.0f} s", file=sys.stderr, flush=True)
    return [["mkdocs build --strict, cold", f"{cold:.0f} s", f"{cold_cpu[0]:.0f} s CPU"],
            [f"mkdocs build --strict, warm (median of {repeats})", f"{warm:.0f} s",
             f"{sorted(warm_cpu)[len(warm_cpu) // 2]:.0f} s CPU"]]


def bench_fresh() -> list[list[str]]:
    """``git clone`` of HEAD (committed work only), then make install / make test."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="dlbook-fresh-") as tmp:
        clone = Path(tmp) / "dlbook"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH"))}
        env["PYTHON"] = shutil.which("python3") or "python3"
        total = 0.0
        for target in ("install", "test"):  # test as CI runs it (.ci/run)
            t = time.perf_counter()
            p = subprocess.run(["make", "-j3", target], cwd=clone, env=env,
                               capture_output=True, text=True)
            s = time.perf_counter() - t
            total += s
            last = (p.stdout.strip().splitlines() or [""])[-1]
            status = "ok" if p.returncode == 0 else f"exit {p.returncode}"
            print(f"  fresh clone: make {target} {s:.0f} s ({status})", file=sys.stderr, flush=True)
            rows.append([f"fresh clone: make {target}", f"{s:.0f} s", f"{status} {last[:80]}"])
            if p.returncode:
                print(p.stdout[-3000:], p.stderr[-3000:], file=sys.stderr)
                break
        rows.append(["fresh clone: total", f"{total:.0f} s", ""])
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    width = len(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join((r + [""] * width)[:width]) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", nargs="*", metavar="serve|build|fresh",
                    help="default: serve build (and fresh with --fresh-clone)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--serve-args", default="--dirty",
                    help='`mkdocs serve` options (default "--dirty", as make serve)')
    ap.add_argument("--warm", action="store_true",
                    help="serve: copy the caches (.cache, docs/figures) into the copy")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds to wait for a page")
    ap.add_argument("--fresh-clone", action="store_true",
                    default=os.environ.get("DLBOOK_BENCH_FRESH_CLONE") == "1",
                    help="also time make install + make test in a fresh clone (long; "
                         "DLBOOK_BENCH_FRESH_CLONE=1 sets it, as bench.py --fresh-clone does)")
    args = ap.parse_args()
    if set(args.what) - {"serve", "build", "fresh"}:
        ap.error(f"expected serve, build or fresh, got {' '.join(args.what)}")
    what = args.what or ["serve", "build"] + (["fresh"] if args.fresh_clone else [])
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"{os.cpu_count()} CPUs{load}")
    rows = []
    if "serve" in what:
        rows += bench_serve(args.repeats, shlex.split(args.serve_args), args.timeout,
                            args.warm)
    if "build" in what:
        rows += bench_build(args.repeats)
    if "fresh" in what:
        rows += bench_fresh()
    print(table(["what", "seconds", "note"], rows))


if __name__ == "__main__":
    main()
