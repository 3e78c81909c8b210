"""A matplotlib backend whose ``plt.show()`` pickles every open figure.

The book's snippets end with ``plt.show()``, like any matplotlib script a
reader would write, and label their figures in English.  ``bookrun.py`` runs
every snippet once with ``MPLBACKEND=module://figure_backend`` and
``DLBOOK_FIGURE_DIR`` set; ``dlbook.check.run`` names the snippet that runs in
``DLBOOK_SNIPPET`` (``cnn/lenet``).  ``plt.show()`` pickles the open figures
to ``<DLBOOK_FIGURE_DIR>/cnn/lenet-<n>.pickle``; ``figure_draw.py`` then
draws them in every language.  In a page's notebook (``pagerun.py``), where
one Jupyter kernel runs every snippet of the page, ``plt.show()`` pickles
to ``fig-<k>.pickle`` and names the file in an output of the cell that
showed it; ``pagerun.py`` renames it after that cell's snippet.  Running
(slow: snippets train models) and drawing (seconds) are two steps, so a
changed translation table redraws without running anything.
"""

from __future__ import annotations

import itertools
import os
import pickle
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401
from matplotlib.figure import Figure

_tight_layout = Figure.tight_layout


def _remembered_tight_layout(self, *args, **kwargs):
    """Figure.tight_layout, remembered so a translated figure is laid out again.

    ``tight_layout()`` is a one-off: it fits the margins to the texts of the
    moment.  Chinese labels have other widths, so ``figure_draw.py`` calls it
    again, with the same arguments, after translating.
    """
    self._dlbook_tight_layout = (args, kwargs)
    return _tight_layout(self, *args, **kwargs)


Figure.tight_layout = _remembered_tight_layout


_shown: dict[str, int] = {}  # figures pickled so far, per snippet


def show(*args, **kwargs):
    """Pickle every open figure; ``figure_draw.py`` draws them after the run."""
    snippet = os.environ.get("DLBOOK_SNIPPET")
    if snippet is None:
        return _show_in_kernel()
    for num in plt.get_fignums():
        _shown[snippet] = n = _shown.get(snippet, 0) + 1
        pickled = Path(os.environ["DLBOOK_FIGURE_DIR"]) / f"{snippet}-{n}.pickle"
        pickled.parent.mkdir(parents=True, exist_ok=True)
        pickled.write_bytes(pickle.dumps(plt.figure(num)))
    plt.close("all")


MIME = "application/vnd.dlbook.figure+json"  # the output that names a pickled figure
_in_kernel = itertools.count(1)  # figures pickled so far in this kernel, plus one


def _show_in_kernel() -> None:
    """In a Jupyter kernel, which runs many snippets: pickle each figure as
    ``fig-<k>.pickle`` and name it in an output of the cell that shows it,
    so that the cell, and so its snippet, is known from the notebook."""
    from IPython.display import display  # in a kernel, IPython is there

    for num in plt.get_fignums():
        pickled = Path(os.environ["DLBOOK_FIGURE_DIR"]) / f"fig-{next(_in_kernel)}.pickle"
        pickled.parent.mkdir(parents=True, exist_ok=True)
        pickled.write_bytes(pickle.dumps(plt.figure(num)))
        display({MIME: {"pickle": pickled.name}}, raw=True)
    plt.close("all")
