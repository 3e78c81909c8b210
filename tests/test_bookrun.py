"""A chain's run is kept while what it depended on is unchanged, and only
that long."""

from __future__ import annotations

import sys

import bookrun
from dlbook.check.pages import SNIPPETS, all_chains

DEVICE = next(c for c in all_chains() if c.blocks[0].include == "neuron/device.py")


def test_a_run_records_the_dlbook_modules_it_imported_and_the_package_data():
    deps = bookrun.depends_on([str(bookrun.ROOT / "dlbook" / "neuron.py"), "/usr/lib/x.py"])
    assert "dlbook/neuron.py" in deps and "/usr/lib/x.py" not in deps
    assert "dlbook/gan.py" not in deps
    assert "dlbook/assets/tinyshakespeare.txt" in deps  # read without an import


def test_a_changed_module_invalidates_the_runs_that_imported_it():
    deps = bookrun.depends_on([str(bookrun.ROOT / "dlbook" / "neuron.py")])
    assert bookrun.still_true(deps)
    assert not bookrun.still_true({**deps, "dlbook/neuron.py": "0" * 16})
    assert not bookrun.still_true({**deps, "dlbook/gone.py": "0" * 16})


def test_unknown_imports_mean_all_of_dlbook():
    assert set(bookrun.depends_on(None)) >= {"dlbook/gan.py", "dlbook/neuron.py"}


def test_a_kept_run_is_found_again_and_a_changed_snippet_is_not(tmp_path, monkeypatch):
    monkeypatch.setattr(bookrun, "CACHE", tmp_path)
    monkeypatch.setattr(bookrun, "SECONDS", tmp_path / "seconds.json")
    assert bookrun.cached(DEVICE) is None
    [first] = bookrun.run_many([DEVICE], jobs=1)
    assert not first.cached and first.error is None and first.outputs[0]
    again = bookrun.run(DEVICE)
    assert again.cached and again.outputs == first.outputs
    assert bookrun.key(DEVICE) == f"{first.folder.parent.name}/{first.folder.name}"

    snippet = SNIPPETS / "neuron" / "device.py"
    original = snippet.read_text("utf-8")
    monkeypatch.setattr(type(DEVICE.blocks[0]), "code", property(lambda b: original + "\n# edited\n"))
    assert bookrun.cached(DEVICE) is None


def test_a_failed_run_says_which_block_and_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(bookrun, "CACHE", tmp_path)
    monkeypatch.setattr(type(DEVICE.blocks[0]), "snippet",
                        property(lambda b: tmp_path / "broken.py"))
    (tmp_path / "broken.py").write_text("raise RuntimeError('no such device')\n", "utf-8")
    run = bookrun.run(DEVICE)
    assert run.error is not None and "no such device" in run.error.stderr
    assert bookrun.cached(DEVICE) is None


def test_a_chain_that_needs_an_optional_extra_runs_with_the_full_install(monkeypatch):
    frameworks = next(c for c in all_chains() if c.blocks[0].include == "frameworks/setup.py")
    assert bookrun.extra_of(frameworks) == "frameworks"  # it imports jax
    assert bookrun.extra_of(DEVICE) is None
    monkeypatch.setenv("DLBOOK_RUN_PYTHON", "/reader/bin/python")
    assert bookrun.python(DEVICE) == "/reader/bin/python"
    assert bookrun.python(frameworks) == sys.executable
