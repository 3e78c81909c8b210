"""bookkit/warmkernel.py: a kernel forked from a warm process runs a notebook
exactly as a freshly started kernel does, and keeps nothing of the last one."""

from __future__ import annotations

import nbformat
import pytest

from bookkit import runs, warmkernel

# lighter than the book's preload, but with what needs care after a fork:
# matplotlib imported before the kernel chose its backend, and ipykernel
PRELOAD = ("numpy", "matplotlib.pyplot", "ipykernel.kernelapp")
ENV = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

CELLS = [
    "import os, sys\nprint(os.getcwd().endswith('here'), hash('dlbook'), sys.argv[0][-18:])",
    "import matplotlib.pyplot as plt\nplt.plot([0, 1], [1, 0])\nplt.show()\n"
    "import matplotlib\nprint(matplotlib.get_backend())",
    "print(os.environ.get('OMP_NUM_THREADS'), 'leftover' in globals())",
    "leftover = 1\nprint(sum(range(10)))",
]


@pytest.fixture(scope="module")
def kernels():
    with warmkernel.KernelServer(env=runs.kernel_env(ENV), preload=PRELOAD) as server:
        yield server


def _run(tmp_path, kernels=None, env=ENV) -> list[list]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    (tmp_path / "here").mkdir(exist_ok=True)
    runs.execute(nb, str(tmp_path / "here"), timeout=120, env=env, kernels=kernels)
    # what a reader sees: printed text, and the kinds of rich output
    return [_shown(c.outputs) for c in nb.cells]


def _shown(outputs: list) -> list:
    """A cell's outputs as a reader sees them: the text of consecutive writes
    to one stream is one piece (a busy kernel may send ``print(1, False)`` as
    two messages, ``'1'`` and ``' False\\n'``), rich output by its kinds."""
    shown: list = []
    for o in outputs:
        if o.get("output_type") == "stream":
            if shown and isinstance(shown[-1], tuple) and shown[-1][0] == o["name"]:
                shown[-1] = (o["name"], shown[-1][1] + o["text"])
            else:
                shown.append((o["name"], o["text"]))
        else:
            shown.append(sorted(o.get("data", {})))
    return [s[1] if isinstance(s, tuple) else s for s in shown]


def test_a_forked_kernel_prints_what_a_fresh_kernel_prints(tmp_path, kernels):
    fresh = _run(tmp_path)
    warm = _run(tmp_path, kernels)
    assert warm == fresh
    assert warm[1] == [["image/png", "text/plain"],
                       "module://matplotlib_inline.backend_inline\n"], \
        f"expected the figure as an inline PNG, got {warm[1]}"
    assert warm[2] == ["1 False\n"], f"expected a clean namespace and one thread, got {warm[2]}"


def test_a_forked_kernel_keeps_nothing_from_the_last_one(tmp_path, kernels):
    _run(tmp_path, kernels)
    again = _run(tmp_path, kernels)
    assert again[2] == ["1 False\n"], f"a name of the last notebook leaked: {again[2]}"


def test_a_kernel_whose_startup_environment_differs_starts_cold(tmp_path, kernels):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import sys, os\nprint('numpy' in sys.modules, os.environ['OMP_NUM_THREADS'])")]
    runs.execute(nb, str(tmp_path), timeout=120, env={**ENV, "OMP_NUM_THREADS": "2"},
                    kernels=kernels)
    # forked, it would start with numpy imported under the server's one thread
    assert nb.cells[0].outputs[0]["text"] == "False 2\n"
    warm = nbformat.v4.new_notebook()
    warm.cells = [nbformat.v4.new_code_cell("import sys\nprint('numpy' in sys.modules)")]
    runs.execute(warm, str(tmp_path), timeout=120, env=ENV, kernels=kernels)
    assert warm.cells[0].outputs[0]["text"] == "True\n", "expected a forked, warm kernel"


def test_an_error_in_a_forked_kernel_is_reported_like_any_other(tmp_path, kernels):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise ValueError('expected this')")]
    with pytest.raises(Exception, match="expected this"):
        runs.execute(nb, str(tmp_path), timeout=120, env=ENV, kernels=kernels)
