"""The run of a page's notebook is also the run of each of its chains.

``hooks/pagerun.py`` reads each chain's outputs and figures off the cells
of the executed notebook and keeps them where ``bookrun.py`` looks for a
chain's run; the figures come from ``figure_backend.py``, which in a
Jupyter kernel names each pickled figure in an output of its cell.
"""

from __future__ import annotations

import pickle
import sys
import tempfile

import nbformat
import pytest

import bookrun
import handson
import pagerun
from dlbook.check.pages import DOCS, chains

PAGE = DOCS / "zh" / "cnn" / "index.md"  # seven chains; cnn/hierarchy.py draws


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
                    "display_data", data={pagerun.FIGURE: {"pickle": "fig-1.pickle"}}))
            nb.cells.append(cell)
    return nb


def test_each_chain_of_the_page_is_kept_with_its_cells_outputs_and_figures(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(bookrun, "CACHE", tmp_path / "runs")
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "fig-1.pickle").write_bytes(b"a figure")
    nb = _executed(PAGE, figure_in="cnn/hierarchy.py")
    deps = bookrun.depends_on(None)

    made = pagerun.chain_runs(PAGE, nb, figures, sys.executable, deps)

    assert [r.chain.id for r in made] == [c.id for c in chains(PAGE)]
    for run in made:
        assert run.outputs == [f"{b.include}\n" for b in run.chain.blocks]
        kept = bookrun.cached(run.chain, sys.executable)
        assert kept is not None and kept.outputs == run.outputs
    drawn = {r.chain.id: sorted(p.relative_to(r.figures).as_posix()
                                for p in r.figures.rglob("*.pickle")) for r in made}
    assert drawn["cnn/hierarchy.py"] == ["cnn/hierarchy-1.pickle"]
    assert sum(map(len, drawn.values())) == 1


def test_a_notebook_whose_cells_are_not_the_pages_blocks_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(bookrun, "CACHE", tmp_path / "runs")
    nb = _executed(PAGE, figure_in="")
    nb.cells.pop()
    with pytest.raises(ValueError, match="one code cell per block"):
        pagerun.chain_runs(PAGE, nb, tmp_path, sys.executable, {})


def test_a_figure_shown_in_a_kernel_is_pickled_and_named_in_its_cells_output(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nprint('no figure')"),
                nbformat.v4.new_code_cell("plt.plot([1, 2], [3, 4])\nplt.title('a line')\n"
                                          "plt.show()\nplt.plot([0]); plt.show()")]
    env = {**pagerun.kernel_env(), "MPLBACKEND": "module://figure_backend",
           "DLBOOK_FIGURE_DIR": str(tmp_path)}
    with tempfile.TemporaryDirectory() as cwd:
        handson.execute(nb, cwd, env=env, kernel_python=sys.executable)
    named = [[o.data[pagerun.FIGURE]["pickle"] for o in cell.outputs
              if pagerun.FIGURE in o.get("data", {})] for cell in nb.cells]
    assert named == [[], ["fig-1.pickle", "fig-2.pickle"]]
    first = pickle.loads((tmp_path / "fig-1.pickle").read_bytes())
    assert first.axes[0].get_title() == "a line"
