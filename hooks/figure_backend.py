"""A matplotlib backend whose ``plt.show()`` saves every open figure as SVG.

The book's snippets end with ``plt.show()``, like any matplotlib script a
reader would write.  When the site is built, ``hooks/figures.py`` runs each
such snippet with ``MPLBACKEND=module://figure_backend`` so that the same
call writes ``<prefix>-1.svg``, ``<prefix>-2.svg``, ... for the page to show.

Page weight: a scatter of thousands of points written as SVG vectors weighs
megabytes (one ``<path>`` per point).  Artists with many points are
rasterized inside the SVG (``set_rasterized``): axes, ticks and text stay
vector and sharp, the cloud of points becomes one embedded PNG.
"""

import os

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401

_saved = 0


# Above this many points an artist is drawn as pixels inside the SVG.
MANY_POINTS = 200


def _rasterize_heavy_artists(fig) -> None:
    for ax in fig.axes:
        for artist in ax.collections:
            offsets = artist.get_offsets()
            paths = artist.get_paths()
            if len(offsets) > MANY_POINTS or len(paths) > MANY_POINTS:
                artist.set_rasterized(True)
        for line in ax.lines:
            if len(line.get_xdata()) > 20 * MANY_POINTS:
                line.set_rasterized(True)


def show(*args, **kwargs):
    global _saved
    prefix = os.environ["DLBOOK_FIGURE_PREFIX"]
    for num in plt.get_fignums():
        _saved += 1
        fig = plt.figure(num)
        _rasterize_heavy_artists(fig)
        fig.savefig(f"{prefix}-{_saved}.svg", metadata={"Date": None}, dpi=120)
    plt.close("all")
