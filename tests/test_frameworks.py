"""TensorFlow, MindSpore and PaddlePaddle on the framework comparison page
run for real, each in its own environment, and print what the page shows.

Their pins need not agree with requirements.lock nor with one another, so
each has a virtualenv ``.frameworks/<name>/`` made from
``requirements-frameworks-<name>.lock`` (``scripts/frameworks_env.sh``).
The page marks their blocks ``<!--pytest.mark.skip(reason="runs in make
test-frameworks")-->``: the main run, whose environment lacks them, skips
them, and this test runs each one here, after the page's set-up block (the
same data, the same starting weights), offline, with one thread, in an empty
folder, and checks

* its printed output against its ``.out`` under the book's rule
  (``dlbook.check.outputs``), and
* its first-layer weights after training against PyTorch's, to the same
  ``1e-5`` as the page's own agreement block (``agree.py``) for JAX and Keras.

``make test-frameworks`` makes or refreshes the environments (when their lock
changed) and runs this file with ``DLBOOK_REQUIRE_FRAMEWORKS=1``, which turns
a missing environment into an error; elsewhere (``make test``) the test is
skipped with a message when its environment does not exist.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pytest

from dlbook.check.cli import run_env
from dlbook.check.outputs import check
from dlbook.check.pages import DOCS, ROOT, Block, blocks

PAGE = DOCS / "en" / "frameworks" / "index.md"
TARGET = "test-frameworks"
ENVS = ROOT / ".frameworks"
REQUIRE = os.environ.get("DLBOOK_REQUIRE_FRAMEWORKS") == "1"
GAP = 1e-5  # as agree.py prints for JAX and Keras
TIMEOUT = 600
# one thread, as the book's runs (dlbook.check.cli.run_env), TensorFlow's pools
# included; and TensorFlow's start-up notices off
THREADS = {**run_env(), "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
           "TF_CPP_MIN_LOG_LEVEL": "2"}


def _setup() -> Block:
    first = blocks(PAGE)[0]
    assert first.include == "frameworks/setup.py", (
        f"{first.id}: expected the page to start with frameworks/setup.py")
    return first


def _elsewhere() -> list[Block]:
    return [b for b in blocks(PAGE) if b.runs_in == TARGET]


def _name(block: Block) -> str:
    """``frameworks/tensorflow_step.py`` -> ``tensorflow``."""
    return block.snippet.stem.removesuffix("_step")


def test_the_page_sends_three_frameworks_here():
    assert sorted(map(_name, _elsewhere())) == ["mindspore", "paddle", "tensorflow"]
    for block in _elsewhere():
        assert block.output, f"{block.id}: runs in make {TARGET} but shows no output"
        lock = ROOT / f"requirements-frameworks-{_name(block)}.lock"
        assert lock.exists(), f"{block.id}: no {lock.name} to make its environment from"


def _run(python: str, code: str, folder) -> str:
    env = {**os.environ, **THREADS}
    done = subprocess.run([python, "-c", code], cwd=folder, env=env, text=True,
                          capture_output=True, timeout=TIMEOUT)
    assert done.returncode == 0, f"{python} failed:\n{done.stderr[-4000:]}"
    return done.stdout


def _trained(python: str, step: Block, name: str, folder) -> tuple[str, np.ndarray]:
    """What the page's set-up and ``step`` print, and the ``<name>_W1`` left."""
    out = folder / f"{name}_W1.npy"
    code = (_setup().code + step.code
            + f"\nnp.save({str(out)!r}, np.asarray({name}_W1))\n")
    printed = _run(python, code, folder)
    return printed, np.load(out)


@pytest.fixture(scope="module")
def torch_W1(tmp_path_factory):
    """PyTorch's first-layer weights after the page's PyTorch block."""
    step = next(b for b in blocks(PAGE) if b.include == "frameworks/pytorch_step.py")
    return _trained(sys.executable, step, "torch", tmp_path_factory.mktemp("torch"))[1]


@pytest.mark.parametrize("block", _elsewhere(), ids=_name)
def test_framework_prints_the_page_and_agrees_with_pytorch(block, torch_W1, tmp_path):
    name = _name(block)
    python = ENVS / name / "bin" / "python"
    if not (ENVS / name / ".installed").exists():  # made, and completely
        why = f"no .frameworks/{name}/: `make {TARGET}` makes it"
        if REQUIRE:
            pytest.fail(why)
        pytest.skip(why)
    printed, W1 = _trained(str(python), block, name, tmp_path)
    problem = check(block.expected_output, printed, source=block.code)
    assert problem is None, f"{block.include} in {python}: {problem}"
    gap = np.abs(W1 - torch_W1).max()
    assert gap < GAP, f"{name} vs PyTorch: max |W1 gap| {gap:.2e}, expected < {GAP:g}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_names_the_versions_that_ran(lang):
    """The page's install lines pin each framework at its lock's version."""
    text = (DOCS / lang / "frameworks" / "index.md").read_text("utf-8")
    shown = re.findall(r"^\$ pip install (\S+==\S+) .*scikit-learn$", text, flags=re.M)
    locked = []
    for block in _elsewhere():
        lock = ROOT / f"requirements-frameworks-{_name(block)}.lock"
        pins = dict(line.split("==") for line in lock.read_text("utf-8").splitlines()
                    if line and not line.startswith("#"))
        package = {"tensorflow": "tensorflow-cpu", "paddle": "paddlepaddle"}.get(
            _name(block), _name(block))
        locked.append(f"{package}=={pins[package]}")
    assert shown == locked, f"{lang} page shows {shown}, the locks pin {locked}"
