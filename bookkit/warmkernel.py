"""Jupyter kernels that start with the heavy imports already done.

A fresh ipykernel that runs the book's code imports torch, numpy,
matplotlib and scikit-learn first: about 10 s of CPU on a 2-core machine,
paid again by each of the 30-odd page notebooks, often more than the
notebook's own code.  A :class:`KernelServer` is one Python process that
imports them (and ipykernel) once, then forks one kernel per notebook.
Each kernel is still a fresh process in every way a notebook can see: its
own empty folder, its own environment, no state from another notebook
(``tests/test_warmkernel.py`` runs the same notebook both ways and compares).

Jupyter starts a kernel by running a command line (the kernel spec's
``argv``).  Here that command is a small forwarder: it hands the server its
folder, environment and standard streams, the server forks the kernel, and
the forwarder passes signals on and exits with the kernel's exit status, so
that jupyter_client and nbclient manage it like any other kernel.  When
the forwarder dies (a kill after a timeout), the server kills the kernel.

A request whose environment differs from the server's in a variable that a
Python reads only at start (``STARTUP_VARIABLES``) does not get a forked
kernel: that child replaces itself with a cold ``python -m ipykernel_launcher``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager


# What the server imports once: only libraries.  The book's own modules are
# never preloaded: a run records the dlbook modules it imported (``runs.py``
# reruns a notebook when one of them changes), so it must import them itself.  torch._inductor: ``seed_everything`` calls
# torch.use_deterministic_algorithms, which imports it, seconds that every
# kernel would pay again.
PRELOAD = ("torch", "numpy", "matplotlib.pyplot", "sklearn.linear_model", "sklearn.svm",
           "sklearn.model_selection", "torch._inductor", "ipykernel.kernelapp")
# read by Python, torch or matplotlib when they start or import, not later
STARTUP_VARIABLES = ("PYTHONHASHSEED", "PYTHONPATH", "OMP_NUM_THREADS",
                     "MKL_NUM_THREADS", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS")
INLINE = "module://matplotlib_inline.backend_inline"

# The forwarder: argv = socket path, then the kernel's own arguments.
_FORWARDER = """
import json, os, signal, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
request = {"argv": sys.argv[2:], "cwd": os.getcwd(), "env": dict(os.environ)}
socket.send_fds(s, [json.dumps(request).encode() + b"\\n"], [0, 1, 2])
answers = s.makefile("r")
pid = json.loads(answers.readline())["pid"]
def forward(signum, frame):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
    signal.signal(signum, forward)
line = answers.readline()
status = json.loads(line)["status"] if line else 1
sys.exit(os.waitstatus_to_exitcode(status) if status >= 0 else 1)
"""

# The server: argv = socket path, JSON list of modules to preload, JSON list
# of startup variables.  One thread; select() on the listening socket and on
# each forwarder's connection; children reaped as they exit.
_SERVER = """
import importlib, importlib.util, json, os, select, signal, socket, sys, traceback
path, preload, startup = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
for name in preload:
    try:
        importlib.import_module(name)
    except Exception:
        pass
listener = socket.socket(socket.AF_UNIX)
listener.bind(path)
listener.listen(16)
print("ready", flush=True)
kernels = {}  # connection -> kernel pid

def child(conn, request, fds):
    listener.close()
    for other in kernels:
        other.close()
    conn.close()
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    env = request["env"]
    cold = any(env.get(k) != os.environ.get(k) for k in startup)
    os.environ.clear()
    os.environ.update(env)
    os.setsid()  # a process group of its own, killed as one
    if cold or "ipykernel.kernelapp" not in sys.modules:
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *request["argv"]])
    if "matplotlib" in sys.modules:  # imported before this kernel's MPLBACKEND
        os.environ.setdefault("MPLBACKEND", %(inline)r)
        sys.modules["matplotlib"].rcParams["backend"] = os.environ["MPLBACKEND"]
    # read from the environment when ipykernel was imported, before this kernel
    parent = f"--IPKernelApp.parent_handle={os.getppid()}"
    launcher = importlib.util.find_spec("ipykernel_launcher").origin  # as `python -m` sets it
    sys.argv = [launcher, *request["argv"], parent]
    sys.modules["ipykernel.kernelapp"].launch_new_instance()

while True:
    readable, _, _ = select.select([listener, *kernels], [], [], 0.2)
    for conn in readable:
        if conn is listener:
            conn, _ = listener.accept()
            message, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
            request = json.loads(message)
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    child(conn, request, fds)
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
                except BaseException:
                    traceback.print_exc()
                finally:
                    os._exit(code)
            for fd in fds:
                os.close(fd)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\\n")
            kernels[conn] = pid
        elif not conn.recv(1):  # the forwarder is gone: so goes its kernel
            try:
                os.killpg(kernels[conn], signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            break
        for conn, kernel in list(kernels.items()):
            if kernel == pid:
                try:
                    conn.sendall(json.dumps({"status": status}).encode() + b"\\n")
                except OSError:
                    pass
                conn.close()
                del kernels[conn]
""" % {"inline": INLINE}


class KernelServer:
    """A warm Python that forks ipykernels; :meth:`manager` gives nbclient
    a kernel manager that starts its kernels here.  A context manager."""

    def __init__(self, python: str | None = None, env: Mapping[str, str] | None = None,
                 preload: Sequence[str] = PRELOAD):
        self.python = python or sys.executable
        self.env = dict(os.environ if env is None else env)
        self._home = tempfile.TemporaryDirectory(prefix="dlbook-kernels-")
        self.socket = os.path.join(self._home.name, "kernels.sock")
        self.proc = subprocess.Popen(
            [self.python, "-c", _SERVER, self.socket, json.dumps(list(preload)),
             json.dumps(list(STARTUP_VARIABLES))],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=self.env, text=True,
            cwd=self._home.name)
        if self.proc.stdout.readline().strip() != "ready":
            self.close()
            raise RuntimeError(f"the kernel server ({self.python}) did not start")

    def argv(self) -> list[str]:
        """The kernel command line: the forwarder, with Jupyter's placeholder."""
        return [self.python, "-I", "-S", "-c", _FORWARDER, self.socket,
                "-f", "{connection_file}"]

    def manager(self) -> type[AsyncKernelManager]:
        """A kernel manager class (for nbclient) whose kernels are forked here."""
        return _manager(KernelSpec(argv=self.argv(), display_name="Python 3 (ipykernel)",
                                   language="python", resource_dir=self._home.name))

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(timeout=60)
            self.proc = None
            self._home.cleanup()

    def __enter__(self) -> KernelServer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def cold_manager(python: str) -> type[AsyncKernelManager]:
    """A kernel manager class whose kernels are plain ``python -m
    ipykernel_launcher`` of another interpreter (no warm server)."""
    return _manager(KernelSpec(argv=[python, "-m", "ipykernel_launcher",
                                     "-f", "{connection_file}"],
                               display_name="Python 3 (ipykernel)", language="python"))


def _manager(spec: KernelSpec) -> type[AsyncKernelManager]:
    """An AsyncKernelManager class that starts its kernels from ``spec``."""

    class SpecKernelManager(AsyncKernelManager):
        @property
        def kernel_spec(self) -> KernelSpec:
            return spec

    return SpecKernelManager
