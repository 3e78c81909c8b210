"""The helpers of ``make test-versions`` (scripts/test_versions.sh).

    python scripts/versions.py lowest            # torch==2.7 numpy==1.26 ...
    python scripts/versions.py report            # the installed versions
    python scripts/versions.py snippets cnn/lenet.py ...

``lowest`` prints every package dependency of pyproject.toml pinned at the
lower bound of its range, ready for ``pip install``: the oldest set the
ranges promise to work with.  ``report`` prints the versions this Python has
of those same packages.  ``snippets`` runs snippets with this Python as a
reader runs them (``python snippet.py`` in an empty folder outside the
repository, ``MPLBACKEND=Agg``, ``PYTHONHASHSEED=0``, one thread, ``dlbook``
from the installed package) and compares what each prints with its ``.out`` by the
book's rule (``dlbook.check.outputs``).
"""

from __future__ import annotations

import os
import re
import sys
import time
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
LOWER = re.compile(r">=\s*([0-9][0-9A-Za-z.+!-]*)")


def dependencies() -> list[str]:
    """``[project] dependencies`` of pyproject.toml, as written."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["dependencies"]


def lowest_pins(requirements: list[str]) -> list[str]:
    """Each requirement at the lower bound of its range: ``name==lower``."""
    pins = []
    for requirement in requirements:
        name, lower = NAME.match(requirement), LOWER.search(requirement)
        if not name or not lower:
            raise SystemExit(f"versions.py: expected 'name>=lowest,<next' in "
                             f"pyproject.toml's dependencies, got {requirement!r}")
        pins.append(f"{name.group(1)}=={lower.group(1)}")
    return pins


def report() -> str:
    """``name version`` for every dependency, as installed here."""
    lines = [f"python {sys.version.split()[0]}"]
    for requirement in dependencies():
        name = NAME.match(requirement).group(1)
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    return "\n".join(lines)


def run_snippet(snippet: Path, timeout: float = 900) -> tuple[list[str], float]:
    """Run one snippet as a reader does, with the runner and the environment
    of ``python -m dlbook check`` (``dlbook.check.run``, ``cli.run_env``);
    why it disagrees with its ``.out`` (the book's rule), if it does."""
    from dlbook.check import outputs
    from dlbook.check import run as rerun
    from dlbook.check.cli import run_env

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(run_env())
    start = time.perf_counter()
    try:
        [printed] = rerun.run_chain([snippet], env=env, timeout=timeout)
    except rerun.ChainFailed as failed:
        return [f"{failed}:\n{failed.stderr[-2000:]}"], time.perf_counter() - start
    seconds = time.perf_counter() - start
    out = snippet.with_suffix(".out")
    if not out.exists():
        return ([f"printed {len(printed.splitlines())} lines but has no "
                 f"{out.name}"] if printed else []), seconds
    why = outputs.check(out.read_text("utf-8"), printed,
                        source=snippet.read_text("utf-8"))
    return ([why] if why else []), seconds


def snippets(names: list[str]) -> int:
    failed = 0
    for name in names:
        snippet = SNIPPETS / name
        if not snippet.is_file():
            raise SystemExit(f"versions.py: expected a snippet like cnn/lenet.py "
                             f"under snippets/, got {name!r}")
        problems, seconds = run_snippet(snippet)
        print(f"{'ok    ' if not problems else 'FAILED'} {seconds:5.1f} s  {name}")
        for problem in problems:
            print("    " + problem.replace("\n", "\n    "))
        failed += bool(problems)
    print(f"snippets: {len(names) - failed} of {len(names)} agree with their .out")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["lowest"]:
        print(" ".join(lowest_pins(dependencies())))
        return 0
    if argv[:1] == ["report"]:
        print(report())
        return 0
    if argv[:1] == ["snippets"] and argv[1:]:
        return snippets(argv[1:])
    print("usage: versions.py lowest | report | snippets CH/NAME.py ...",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
