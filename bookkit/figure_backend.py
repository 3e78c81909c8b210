"""A matplotlib backend whose ``plt.show()`` pickles every open figure.

The book's snippets end with ``plt.show()``, like any matplotlib script a
reader would write, and label their figures in English.  A page's notebook
runs in a Jupyter kernel with ``MPLBACKEND=module://figure_backend`` and
``DLBOOK_FIGURE_DIR`` set (``runs.py``), one cell per snippet; there
``plt.show()`` pickles the open figures to ``fig-<k>.pickle`` and names
each file in an output of the cell that showed it; ``runs.py`` renames it
after that cell's snippet (``cnn/lenet-1.pickle``) and ``figure_draw.py``
then draws them in every language.  Running
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


MIME = "application/vnd.dlbook.figure+json"  # the output that names a pickled figure
_in_kernel = itertools.count(1)  # figures pickled so far in this kernel, plus one


def show(*args, **kwargs) -> None:
    """Pickle every open figure as ``fig-<k>.pickle`` in
    ``DLBOOK_FIGURE_DIR`` and name it in an output of the cell that shows
    it, so that the cell, and so its snippet, is known from the notebook;
    ``figure_draw.py`` draws them after the run."""
    from IPython.display import display  # in a kernel, IPython is there

    for num in plt.get_fignums():
        pickled = Path(os.environ["DLBOOK_FIGURE_DIR"]) / f"fig-{next(_in_kernel)}.pickle"
        pickled.parent.mkdir(parents=True, exist_ok=True)
        pickled.write_bytes(pickle.dumps(plt.figure(num)))
        display({MIME: {"pickle": pickled.name}}, raw=True)
    plt.close("all")
