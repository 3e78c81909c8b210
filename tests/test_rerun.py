"""``dlbook.check.run`` runs a chain of files as a reader does: a fresh process,
an empty folder, one namespace per chain."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dlbook.check import run as rerun

pytestmark = pytest.mark.lesson


def _files(tmp_path: Path, *codes: str) -> list[Path]:
    paths = []
    for i, code in enumerate(codes):
        paths.append(tmp_path / "ch" / f"block{i}.py")
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_text(code, "utf-8")
    return paths


CHAIN = ("import os\nx = 41\nprint('folder holds', os.listdir('.'))\n",
         "x += 1\nprint('x =', x, __name__)\n")


def test_a_chain_shares_one_namespace_and_each_block_has_its_output(tmp_path):
    assert rerun.run_chain(_files(tmp_path, *CHAIN)) == [
        "folder holds []\n", "x = 42 __main__\n"]


def test_each_chain_starts_from_a_fresh_process(tmp_path):
    [first] = _files(tmp_path, "import json\njson.changed = True\nprint('set')\n")
    second = tmp_path / "second.py"
    second.write_text("import json\nprint(hasattr(json, 'changed'))\n", "utf-8")
    assert rerun.run_chain([first]) == ["set\n"]
    assert rerun.run_chain([second]) == ["False\n"]


def test_a_failing_block_is_named_with_its_traceback(tmp_path):
    files = _files(tmp_path, "print('fine')\n", "raise ValueError('expected a digit, got x')\n")
    with pytest.raises(rerun.ChainFailed) as failed:
        rerun.run_chain(files)
    assert failed.value.index == 1
    assert failed.value.outputs[0] == "fine\n"
    assert "ValueError: expected a digit, got x" in failed.value.stderr


def test_a_run_that_does_not_finish_is_stopped(tmp_path):
    files = _files(tmp_path, "import time\nprint('started', flush=True)\ntime.sleep(30)\n")
    with pytest.raises(rerun.ChainFailed, match="did not finish in 1 s"):
        rerun.run_chain(files, timeout=1)


def test_a_shell_block_runs_from_the_folder_it_is_given(tmp_path):
    script = tmp_path / "run.sh"
    script.write_text("echo here: $(basename $PWD)\n", "utf-8")
    (tmp_path / "book").mkdir()
    assert rerun.run_chain([script], shell=True, cwd=tmp_path / "book") == ["here: book\n"]


def test_a_shell_chain_that_failed_after_printing_what_is_shown_runs_once_more(tmp_path):
    """As torchrun may, exiting: printed what the page shows, then failed.
    It runs once more and must pass then; a wrong output, no ``shown``, or
    a Python chain fail at once."""
    counter = tmp_path / "runs.txt"
    script = tmp_path / "run.sh"

    def attempt(passes_on: int, shown):
        counter.unlink(missing_ok=True)
        script.write_text(f'echo x >> {counter}\necho done\n'
                          f'[ "$(wc -l < {counter})" -ge {passes_on} ]\n', "utf-8")
        try:
            got = rerun.run_chain([script], shell=True, shown=shown)
        except rerun.ChainFailed:
            got = None
        return got, len(counter.read_text().splitlines())

    assert attempt(2, ["done\n"]) == (["done\n"], 2)
    assert attempt(3, ["done\n"]) == (None, 2)
    assert attempt(2, ["other\n"]) == (None, 1)
    assert attempt(2, None) == (None, 1)
    assert attempt(2, [None]) == (None, 1)


def test_a_chain_needs_files():
    with pytest.raises(ValueError, match="expected at least one file"):
        rerun.run_chain([], python=sys.executable)
