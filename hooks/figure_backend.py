"""A matplotlib backend whose ``plt.show()`` pickles every open figure.

The book's snippets end with ``plt.show()``, like any matplotlib script a
reader would write, and label their figures in English.  When the site is
built, ``hooks/figures.py`` runs each such snippet once with
``MPLBACKEND=module://figure_backend`` and a job (``DLBOOK_FIGURE_JOB``,
JSON) that says where things go.  ``plt.show()`` pickles the open figures to
``<pickles>-<n>.pickle``; ``figure_draw.py`` then draws them in every
language.  Running (slow: snippets train models) and drawing (seconds) are
two steps, so a changed translation table redraws without running anything.
"""

from __future__ import annotations

import json
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


_shown = 0


def show(*args, **kwargs):
    """Pickle every open figure; ``figure_draw.py`` draws them after the run."""
    global _shown
    job = json.loads(os.environ["DLBOOK_FIGURE_JOB"])
    for num in plt.get_fignums():
        _shown += 1
        pickled = Path(f"{job['pickles']}-{_shown}.pickle")
        pickled.parent.mkdir(parents=True, exist_ok=True)
        pickled.write_bytes(pickle.dumps(plt.figure(num)))
    plt.close("all")
