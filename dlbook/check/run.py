"""Run the book's code the way a reader runs it, and say what it printed.

A reader copies a snippet into a file in an empty folder and runs
``python file.py``; blocks that a page joins together (a *chain*) run one
after another in one namespace, as in a notebook.  :func:`run_chain` does
exactly that in a fresh Python process, with nothing imported ahead: it is
the one runner of ``python -m dlbook check`` and of ``make test-versions``
(``scripts/versions.py``).  (The book's own test run executes each page's
notebook instead, ``bookkit/runs.py``; ``make test-portable`` runs each chain
alone again through pytest-codeblocks.)

Each file of a chain is told apart in the process's output by a separator
character, so one process gives the printed text of every block.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from dlbook.check.outputs import check

SEPARATOR = "\x1e"  # ASCII record separator: printed after each file

# argv: pairs of (name, path).  Runs the files in one namespace, as one page
# read top to bottom.
_DRIVER = f"""
import os, sys
namespace = {{"__name__": "__main__"}}
args = sys.argv[1:]
for name, path in zip(args[::2], args[1::2]):
    namespace["__file__"] = path
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    exec(code, namespace)
    sys.stdout.flush()
    sys.stdout.write({SEPARATOR!r})
    sys.stdout.flush()
"""


class ChainFailed(RuntimeError):
    """A file of a chain raised, or the process was killed or timed out.

    ``index`` is the failing file's position in the chain, ``outputs`` what
    the files before it (and the failing one, up to the error) printed, and
    ``stderr`` the end of the process's error stream (the traceback).
    """

    def __init__(self, index: int, outputs: list[str], stderr: str, why: str):
        super().__init__(why)
        self.index, self.outputs, self.stderr = index, outputs, stderr


def snippet_name(path: Path) -> str:
    """``.../snippets/cnn/lenet.py`` -> ``cnn/lenet`` (else the file's stem)."""
    parts = Path(path).with_suffix("").parts
    return "/".join(parts[-2:]) if len(parts) >= 2 else parts[-1]


def run_chain(files: Sequence[Path], *, python: str | None = None,
              env: Mapping[str, str] | None = None, timeout: float = 1800,
              shell: bool = False, cwd: Path | None = None,
              shown: Sequence[str | None] | None = None) -> list[str]:
    """What each file of a chain prints, from one real run.

    Python files run in one fresh process with ``__name__ == "__main__"``,
    in an empty temporary folder (or ``cwd``), with ``python`` (default:
    this interpreter).  With ``shell=True`` each file is a bash script, run
    from ``cwd`` with ``set -euo pipefail``.  Raises :class:`ChainFailed`.

    ``shown``: what the page shows after each file.  ``torchrun``'s processes
    can abort as they exit, after their work is done and printed (a race
    between PyTorch's gloo threads and the interpreter's exit), so a shell
    chain whose failing file printed what the page shows, by the book's
    rule, is run once more; the second run must pass.
    """
    try:
        return _run_chain(files, python, env, timeout, shell, cwd)
    except ChainFailed as failed:
        if not (shell and shown and _printed_what_is_shown(failed, files, shown)):
            raise
        return _run_chain(files, python, env, timeout, shell, cwd)


def _printed_what_is_shown(failed: ChainFailed, files: Sequence[Path],
                           shown: Sequence[str | None]) -> bool:
    i = failed.index
    expected = shown[i] if i < len(shown) else None
    return (expected is not None and bool(failed.outputs)
            and check(expected, failed.outputs[-1],
                      source=Path(files[i]).read_text("utf-8")) is None)


def _run_chain(files: Sequence[Path], python: str | None, env: Mapping[str, str] | None,
               timeout: float, shell: bool, cwd: Path | None) -> list[str]:
    if not files:
        raise ValueError("run_chain: expected at least one file, got none")
    python = python or sys.executable
    env = dict(os.environ if env is None else env)
    env["PATH"] = os.pathsep.join([os.path.dirname(python), env.get("PATH", "")])
    with tempfile.TemporaryDirectory(prefix="dlbook-run-") as tmp:
        where = str(cwd or tmp)
        if shell:
            return [_run_shell(files, i, env, where, timeout) for i in range(len(files))]
        args = [a for f in files for a in (snippet_name(f), str(f))]
        try:
            proc = subprocess.run([python, "-c", _DRIVER, *args], cwd=where, env=env,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
            parts = out.split(SEPARATOR)
            raise ChainFailed(len(parts) - 1, parts, "",
                              f"did not finish in {timeout:.0f} s") from None
    parts = proc.stdout.split(SEPARATOR)
    if proc.returncode != 0:
        index = len(parts) - 1
        raise ChainFailed(index, parts, proc.stderr[-4000:],
                          f"{files[index]} exited with status {proc.returncode}")
    return parts[: len(files)]


def _run_shell(files: Sequence[Path], i: int, env: dict, cwd: str, timeout: float) -> str:
    try:
        proc = subprocess.run(["bash", "-euo", "pipefail", str(files[i])], cwd=cwd,
                              env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ChainFailed(i, [], "", f"{files[i]} did not finish in {timeout:.0f} s") from None
    if proc.returncode != 0:
        raise ChainFailed(i, [proc.stdout], proc.stderr[-4000:],
                          f"{files[i]} exited with status {proc.returncode}")
    return proc.stdout
