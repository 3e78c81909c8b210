"""Run the book's code the way a reader runs it, and keep what it prints.

A reader copies a snippet into a file in an empty folder and runs
``python file.py``; blocks that a page joins together (a *chain*) run one
after another in one namespace, as in a notebook.  :func:`run_chain` does
exactly that in a fresh Python process: the book's own test run, the
figures of the site and ``python -m dlbook check`` all call it, so the
book's outputs and a reader's outputs come from the same procedure.

Each file of a chain is told apart in the process's output by a separator
character, so one process gives the printed text of every block.  Before
each file the driver sets ``DLBOOK_SNIPPET`` to the file's name (for
example ``cnn/lenet``): a matplotlib backend that saves figures can name
them after the snippet that drew them.

Importing torch, numpy, matplotlib and scikit-learn costs a fresh process
several seconds of CPU, more than many snippets take to run.  A
:class:`Runner` imports them once and then forks one child per chain (on
systems with ``fork``): each child is a fresh process in every way that
shows, in its own empty folder, but starts with the imports done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

SEPARATOR = "\x1e"  # ASCII record separator: printed after each file

# argv: pairs of (name, path).  Runs the files in one namespace, as one page
# read top to bottom.
_DRIVER = f"""
import os, sys
namespace = {{"__name__": "__main__"}}
args = sys.argv[1:]
for name, path in zip(args[::2], args[1::2]):
    os.environ["DLBOOK_SNIPPET"] = name
    namespace["__file__"] = path
    with open(path, encoding="utf-8") as f:
        code = compile(f.read(), path, "exec")
    exec(code, namespace)
    sys.stdout.flush()
    sys.stdout.write({SEPARATOR!r})
    sys.stdout.flush()
"""


# The warm process: imports what it can of PRELOAD, then reads one request
# (JSON) per line from stdin, forks a child that runs the chain with its
# output in files, and answers with the child's exit status.
_SERVER = f"""
import importlib, json, os, signal, sys, traceback
for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception:
        pass
for line in sys.stdin:
    req = json.loads(line)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.chdir(req["cwd"])
            os.environ.update(req["env"])
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            for fd, path in ((1, req["out"]), (2, req["err"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            signal.alarm(max(1, int(req["timeout"])))
            namespace = {{"__name__": "__main__"}}
            for name, path in req["files"]:
                os.environ["DLBOOK_SNIPPET"] = name
                namespace["__file__"] = sys.argv[0] = path
                with open(path, encoding="utf-8") as f:
                    code = compile(f.read(), path, "exec")
                exec(code, namespace)
                sys.stdout.flush()
                sys.stdout.write({SEPARATOR!r})
            with open(req["modules"], "w", encoding="utf-8") as f:
                json.dump(sorted({{getattr(m, "__file__", None) or ""
                                  for m in list(sys.modules.values())}} - {{""}}), f)
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (exc.code is not None)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({{"status": status}}), flush=True)
"""
# Only libraries: a module of dlbook imported here would count as used by
# every chain (``hooks/bookrun.py`` reruns a chain when a module it used
# changes).  torch._inductor: ``seed_everything`` calls
# torch.use_deterministic_algorithms, which imports it, seconds that every
# chain would pay again.
PRELOAD = ("torch", "numpy", "matplotlib.pyplot", "sklearn.linear_model", "sklearn.svm",
           "sklearn.model_selection", "torch._inductor")


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
              shell: bool = False, cwd: Path | None = None) -> list[str]:
    """What each file of a chain prints, from one real run.

    Python files run in one fresh process with ``__name__ == "__main__"``,
    in an empty temporary folder (or ``cwd``), with ``python`` (default:
    this interpreter).  With ``shell=True`` each file is a bash script, run
    from ``cwd`` with ``set -euo pipefail``.  Raises :class:`ChainFailed`.
    """
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


class Runner:
    """A warm Python that runs chains in forked children, one at a time.

    The same results as :func:`run_chain` (the runner's own tests compare
    them), without each chain paying for the imports.  After a run,
    ``modules`` lists the files of every module the chain had imported
    (None where that is not known): what its output can depend on.  Where ``os.fork``
    does not exist it falls back to :func:`run_chain`.  Use it as a context
    manager, or call :meth:`close`.
    """

    def __init__(self, python: str | None = None, env: Mapping[str, str] | None = None,
                 preload: Sequence[str] = PRELOAD):
        self.python = python or sys.executable
        self.env = dict(os.environ if env is None else env)
        self.env["PATH"] = os.pathsep.join([os.path.dirname(self.python),
                                            self.env.get("PATH", "")])
        self.proc = None
        self.modules: list[str] | None = None
        if hasattr(os, "fork"):
            # an empty folder: the current one comes first on sys.path
            self._home = tempfile.TemporaryDirectory(prefix="dlbook-runner-")
            self.proc = subprocess.Popen(
                [self.python, "-c", _SERVER, json.dumps(list(preload))],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=self.env, text=True,
                cwd=self._home.name)

    def run(self, files: Sequence[Path], *, env: Mapping[str, str] | None = None,
            timeout: float = 1800) -> list[str]:
        """What each Python file of a chain prints (see :func:`run_chain`);
        ``env`` adds to the runner's environment for this chain only."""
        if not files:
            raise ValueError("Runner.run: expected at least one file, got none")
        self.modules = None
        if self.proc is None:
            return run_chain(files, python=self.python, env={**self.env, **(env or {})},
                             timeout=timeout)
        with tempfile.TemporaryDirectory(prefix="dlbook-run-") as tmp:
            out, err = Path(tmp) / ".stdout", Path(tmp) / ".stderr"
            modules = Path(tmp) / ".modules"
            folder = Path(tmp) / "run"
            folder.mkdir()
            request = {"files": [(snippet_name(f), str(f)) for f in files],
                       "cwd": str(folder), "env": dict(env or {}), "timeout": timeout,
                       "out": str(out), "err": str(err), "modules": str(modules)}
            self.proc.stdin.write(json.dumps(request) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
            if not answer:
                raise RuntimeError(f"the runner process ({self.python}) died")
            status = json.loads(answer)["status"]
            printed = out.read_text("utf-8", errors="replace")
            stderr = err.read_text("utf-8", errors="replace")
            self.modules = json.loads(modules.read_text("utf-8")) if modules.exists() else None
        parts = printed.split(SEPARATOR)
        if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0:
            index = min(len(parts) - 1, len(files) - 1)
            why = (f"did not finish in {timeout:.0f} s"
                   if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 14  # SIGALRM
                   else f"{files[index]} failed (status {status})")
            raise ChainFailed(index, parts, stderr[-4000:], why)
        return parts[: len(files)]

    def close(self) -> None:
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
            self.proc = None
            self._home.cleanup()

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
