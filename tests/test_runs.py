"""One run per notebook, kept by content hash, read by every chain of its
page (``bookkit/runs.py``).

A kept run is used only while it still stands for a fresh one: same code
cells, same interpreter and library versions, same ``RUN_VERSION``, and the
``dlbook`` files its kernel imported unchanged.  The run of a page's
notebook is the run of each of its chains: their printed outputs, and the
figures their cells showed (``figure_backend.py`` pickles each and names it
in an output of its cell).
"""

from __future__ import annotations

import pickle
import sys
import tempfile

import nbformat
import pytest

from bookkit import runs
from dlbook.check.pages import DOCS, all_chains, chains

PAGE = DOCS / "zh" / "cnn" / "index.md"  # seven chains; cnn/hierarchy.py draws
DEVICE = next(c for c in all_chains() if c.blocks[0].include == "neuron/device.py")


def _notebook(*cells: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


# -- what a run depends on ---------------------------------------------------

def test_a_run_records_the_dlbook_modules_it_imported_and_the_package_data():
    deps = runs.depends_on([str(runs.ROOT / "dlbook" / "neuron.py"), "/usr/lib/x.py"])
    assert "dlbook/neuron.py" in deps and "/usr/lib/x.py" not in deps
    assert "dlbook/gan.py" not in deps
    assert "dlbook/assets/tinyshakespeare.txt" in deps  # read without an import


def test_a_changed_module_invalidates_the_runs_that_imported_it():
    deps = runs.depends_on([str(runs.ROOT / "dlbook" / "neuron.py")])
    assert runs.still_true(deps)
    assert not runs.still_true({**deps, "dlbook/neuron.py": "0" * 16})
    assert not runs.still_true({**deps, "dlbook/gone.py": "0" * 16})


def test_unknown_imports_mean_all_of_dlbook():
    assert set(runs.depends_on(None)) >= {"dlbook/gan.py", "dlbook/neuron.py"}


def test_the_key_is_the_code_and_run_version_not_the_runners_source(monkeypatch):
    nb = _notebook("print(1)")
    key = runs.key(nb, sys.executable)
    assert runs.key(_notebook("print(1)"), sys.executable) == key
    assert runs.key(_notebook("print(2)"), sys.executable) != key
    assert "runs.py" not in runs._VERSIONS  # what the key hashes: no source file
    monkeypatch.setattr(runs, "RUN_VERSION", runs.RUN_VERSION + 1)
    assert runs.key(nb, sys.executable) != key


def test_the_key_names_the_library_versions_that_change_outputs():
    versions = runs.library_versions(sys.executable)
    for name in ("torch", "numpy", "matplotlib", "scikit-learn", "safetensors"):
        assert f"\n{name} " in versions


def test_a_chain_that_needs_an_optional_extra_runs_with_the_full_install(monkeypatch):
    frameworks = next(c for c in all_chains() if c.blocks[0].include == "frameworks/setup.py")
    assert runs.extra_of(frameworks) == "frameworks"  # it imports jax
    assert runs.extra_of(DEVICE) is None
    monkeypatch.setenv("DLBOOK_RUN_PYTHON", "/reader/bin/python")
    assert runs.python(DEVICE) == "/reader/bin/python"
    assert runs.python(frameworks) == sys.executable


# -- a run, kept and found again -------------------------------------------

def test_a_kept_run_is_found_again_and_a_changed_cell_is_not(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "CACHE", tmp_path)
    nb = _notebook("import dlbook.neuron\nprint(6 * 7)")
    assert runs.cached(nb, sys.executable) is None
    first = runs.run(nb, interpreter=sys.executable)
    assert not first.cached and runs.printed(first.notebook.cells[0]) == "42\n"
    assert nb.cells[0].get("outputs") == []  # the caller's notebook is left as it was
    deps = __import__("json").loads((first.folder / "run.json").read_text())["depends_on"]
    assert "dlbook/neuron.py" in deps and "dlbook/gan.py" not in deps
    again = runs.run(nb, interpreter=sys.executable)
    assert again.cached and again.id == first.id
    assert runs.printed(again.notebook.cells[0]) == "42\n"
    assert runs.cached(_notebook("import dlbook.neuron\nprint(6 * 8)"), sys.executable) is None


def test_a_failed_run_says_which_cell_and_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, "CACHE", tmp_path)
    nb = _notebook("print('fine')", "raise RuntimeError('no such device')", "print('never')")
    with pytest.raises(runs.NotebookFailed, match="no such device") as failed:
        runs.run(nb, interpreter=sys.executable)
    assert failed.value.cell == 1
    assert "\x1b[" not in str(failed.value)  # no terminal colours in a test's report
    assert runs.printed(failed.value.notebook.cells[0]) == "fine\n"
    assert runs.cached(nb, sys.executable) is None
    assert not list(tmp_path.glob("tmp-*"))  # nothing half-made is left


# -- a page's run is its chains' run ------------------------------------------

def _executed(page, figure_in: str) -> nbformat.NotebookNode:
    """A notebook as the page's run leaves it: each cell printed its block's
    snippet name, and the cell of ``figure_in`` showed one figure."""
    nb = nbformat.v4.new_notebook()
    for chain in chains(page):
        for block in chain.blocks:
            cell = nbformat.v4.new_code_cell(block.code)
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                                   text=f"{block.include}\n")]
            if block.include == figure_in:
                cell.outputs.append(nbformat.v4.new_output(
                    "display_data", data={runs.FIGURE: {"pickle": "fig-1.pickle"}}))
            nb.cells.append(cell)
    return nb


def test_each_chain_of_the_page_gets_its_cells_outputs_and_figures(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "fig-1.pickle").write_bytes(b"a figure")
    nb = _executed(PAGE, figure_in="cnn/hierarchy.py")
    names = [runs.snippet_name(b) for b in runs._cell_blocks(PAGE)]
    runs._name_figures(nb, tmp_path / "figures", names)
    entry = runs.Entry(tmp_path, nb, 1.0)

    made = runs.chain_runs(PAGE, nb, entry)

    assert [r.chain.id for r in made] == [c.id for c in chains(PAGE)]
    for run in made:
        assert run.error is None
        assert run.outputs == [f"{b.include}\n" for b in run.chain.blocks]
    drawn = sorted(p.relative_to(tmp_path / "figures").as_posix()
                   for p in (tmp_path / "figures").rglob("*.pickle"))
    assert drawn == ["cnn/hierarchy-1.pickle"]


def test_a_failed_cell_fails_its_chain_and_those_after_it():
    nb = _executed(PAGE, figure_in="")
    failed = runs.NotebookFailed("ValueError: planted", nb, cell=2)
    made = runs.chain_runs(PAGE, nb, failed=failed)
    blocks = [b for r in made for b in r.chain.blocks]
    bad = next(i for i, r in enumerate(made) if blocks[2] in r.chain.blocks)
    assert "planted" in made[bad].error
    assert made[bad].failed_block == made[bad].chain.blocks.index(blocks[2])
    assert all(r.error is None for r in made[:bad])  # they ran: their outputs count
    assert all("failed before it" in r.error for r in made[bad + 1:])


def test_a_notebook_whose_cells_are_not_the_pages_blocks_is_refused():
    nb = _executed(PAGE, figure_in="")
    nb.cells.pop()
    with pytest.raises(ValueError, match="one code cell per block"):
        runs.chain_runs(PAGE, nb)


def test_a_figure_shown_in_a_kernel_is_pickled_and_named_in_its_cells_output(tmp_path):
    nb = _notebook("import matplotlib.pyplot as plt\nprint('no figure')",
                   "plt.plot([1, 2], [3, 4])\nplt.title('a line')\n"
                   "plt.show()\nplt.plot([0]); plt.show()")
    env = {"MPLBACKEND": "module://figure_backend", "DLBOOK_FIGURE_DIR": str(tmp_path)}
    with tempfile.TemporaryDirectory() as cwd:
        runs.execute(nb, cwd, env=env, kernel_python=sys.executable)
    named = [[o.data[runs.FIGURE]["pickle"] for o in cell.outputs
              if runs.FIGURE in o.get("data", {})] for cell in nb.cells]
    assert named == [[], ["fig-1.pickle", "fig-2.pickle"]]
    first = pickle.loads((tmp_path / "fig-1.pickle").read_bytes())
    assert first.axes[0].get_title() == "a line"


def test_a_shell_chain_is_not_a_notebooks():
    ddp = next(c for c in all_chains() if c.syntax != "python")
    with pytest.raises(ValueError, match="expected a chain that a page's notebook runs"):
        runs.page_of(ddp)


def test_make_outputs_writes_the_outs_of_the_chains_that_run_the_named_snippet(monkeypatch, capsys):
    """``python -m bookkit.runs --write cnn/lenet.py`` (``make outputs``) hands
    each block of the chains that run the snippet, and only those, with what
    the run printed, to ``write_output``."""
    nb = _executed(PAGE, figure_in="")
    monkeypatch.setattr(runs, "is_kept", lambda page: True)
    monkeypatch.setattr(runs, "run_page", lambda page, kernels: runs.PageRun(
        page, None, runs.chain_runs(page, nb)))
    written = []
    monkeypatch.setattr(runs, "write_output", lambda block, out, force: (
        written.append((block.include, out, force)) or "written"))

    assert runs.main(["--write", "cnn/lenet.py"]) == 0

    lenet = next(c for c in chains(PAGE) if any(b.include == "cnn/lenet.py" for b in c.blocks))
    assert written == [(b.include, f"{b.include}\n", False) for b in lenet.blocks]
    assert "cnn/lenet.py: written" in capsys.readouterr().out
