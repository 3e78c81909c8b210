"""TensorFlow, MindSpore and PaddlePaddle on the framework comparison page
run for real, each in its own environment (``bookkit/frameworks.py``), and
print what the page shows.

Each block is checked for

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
import sys

import numpy as np
import pytest

from bookkit.frameworks import (PAGE, TARGET, elsewhere as _elsewhere,
                                name_of as _name, python_of, trained as _trained)
from dlbook.check.outputs import check
from dlbook.check.pages import DOCS, ROOT, blocks

REQUIRE = os.environ.get("DLBOOK_REQUIRE_FRAMEWORKS") == "1"
GAP = 1e-5  # as agree.py prints for JAX and Keras


def test_the_page_sends_three_frameworks_here():
    assert sorted(map(_name, _elsewhere())) == ["mindspore", "paddle", "tensorflow"]
    for block in _elsewhere():
        assert block.output, f"{block.id}: runs in make {TARGET} but shows no output"
        lock = ROOT / f"requirements-frameworks-{_name(block)}.lock"
        assert lock.exists(), f"{block.id}: no {lock.name} to make its environment from"


@pytest.fixture(scope="module")
def torch_W1(tmp_path_factory):
    """PyTorch's first-layer weights after the page's PyTorch block."""
    step = next(b for b in blocks(PAGE) if b.include == "frameworks/pytorch_step.py")
    return _trained(sys.executable, step, "torch", tmp_path_factory.mktemp("torch"))[1]


@pytest.mark.parametrize("block", _elsewhere(), ids=_name)
def test_framework_prints_the_page_and_agrees_with_pytorch(block, request, tmp_path):
    name = _name(block)
    python = python_of(block)
    if python is None:
        why = f"no .frameworks/{name}/: `make {TARGET}` makes it"
        if REQUIRE:
            pytest.fail(why)
        pytest.skip(why)
    torch_W1 = request.getfixturevalue("torch_W1")  # trained once, when a framework runs
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
