"""``dlbook.check.run`` runs a chain of files as a reader does: a fresh process
(forked from a warm one), an empty folder, one namespace per chain."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dlbook.check import run as rerun


def _files(tmp_path: Path, *codes: str) -> list[Path]:
    paths = []
    for i, code in enumerate(codes):
        paths.append(tmp_path / "ch" / f"block{i}.py")
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_text(code, "utf-8")
    return paths


CHAIN = ("import os\nx = 41\nprint('folder holds', os.listdir('.'))\n",
         "x += 1\nprint('x =', x, __name__)\n")


@pytest.fixture(scope="module")
def runner():
    with rerun.Runner(preload=("json",)) as r:
        yield r


def test_a_chain_shares_one_namespace_and_each_block_has_its_output(tmp_path):
    assert rerun.run_chain(_files(tmp_path, *CHAIN)) == [
        "folder holds []\n", "x = 42 __main__\n"]


def test_the_warm_runner_prints_what_a_fresh_process_prints(tmp_path, runner):
    files = _files(tmp_path, *CHAIN)
    assert runner.run(files) == rerun.run_chain(files)


def test_each_chain_starts_from_a_fresh_process(tmp_path, runner):
    [first] = _files(tmp_path, "import json\njson.changed = True\nprint('set')\n")
    second = tmp_path / "second.py"
    second.write_text("import json\nprint(hasattr(json, 'changed'))\n", "utf-8")
    assert runner.run([first]) == ["set\n"]
    assert runner.run([second]) == ["False\n"]


def test_a_failing_block_is_named_with_its_traceback(tmp_path, runner):
    files = _files(tmp_path, "print('fine')\n", "raise ValueError('expected a digit, got x')\n")
    for run in (runner.run, rerun.run_chain):
        with pytest.raises(rerun.ChainFailed) as failed:
            run(files)
        assert failed.value.index == 1
        assert failed.value.outputs[0] == "fine\n"
        assert "ValueError: expected a digit, got x" in failed.value.stderr


def test_a_run_that_does_not_finish_is_stopped(tmp_path, runner):
    files = _files(tmp_path, "import time\nprint('started', flush=True)\ntime.sleep(30)\n")
    with pytest.raises(rerun.ChainFailed, match="did not finish in 1 s"):
        runner.run(files, timeout=1)


def test_the_runner_lists_the_modules_a_chain_imported(tmp_path, runner):
    files = _files(tmp_path, "import dlbook.neuron\n")
    runner.run(files)
    assert any(m.endswith("dlbook/neuron.py") for m in runner.modules)
    assert not any(m.endswith("dlbook/gan.py") for m in runner.modules)


def test_the_snippet_being_run_is_named_in_the_environment(tmp_path, runner):
    files = _files(tmp_path, "import os\nprint(os.environ['DLBOOK_SNIPPET'])\n")
    assert runner.run(files) == ["ch/block0\n"]


def test_a_chain_needs_files():
    with pytest.raises(ValueError, match="expected at least one file"):
        rerun.run_chain([], python=sys.executable)
