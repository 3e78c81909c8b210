"""A matplotlib backend whose ``plt.show()`` saves every open figure as SVG.

The book's snippets end with ``plt.show()``, like any matplotlib script a
reader would write.  When the site is built, ``hooks/figures.py`` runs each
such snippet with ``MPLBACKEND=module://figure_backend`` so that the same
call writes ``<prefix>-1.svg``, ``<prefix>-2.svg``, ... for the page to show.
"""

import os

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401

_saved = 0


def show(*args, **kwargs):
    global _saved
    prefix = os.environ["DLBOOK_FIGURE_PREFIX"]
    for num in plt.get_fignums():
        _saved += 1
        plt.figure(num).savefig(f"{prefix}-{_saved}.svg", metadata={"Date": None})
    plt.close("all")
