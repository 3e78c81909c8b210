"""Draw the pickled figures of the book's snippets, in every language.

``figure_backend.py`` pickles the figures of a notebook run; ``python -m
bookkit.figure_draw JOB.json ...`` (called by ``hooks/figures.py``) draws them.
For each figure it:

1. saves ``<out[en]>-n.svg`` as the snippet drew it;
2. for every other language, translates every text of the figure (titles,
   axis and tick labels, legends, colorbar labels, annotations) through
   ``snippets/figures.<lang>.yml`` and saves ``<out[lang]>-n.svg``.  English
   prose with no translation fails, naming the snippet and the strings; all
   of a run's missing strings are reported at once.

Text is drawn as paths, in DejaVu Sans with Noto Sans CJK SC (package
``noto-cjk-sans-otc``, SIL OFL) as the fallback for Chinese, so a figure
looks the same on every reader's machine.  A glyph missing from both fonts
is an error: no empty boxes.  Every string actually drawn is listed in the
SVG's metadata (``<dc:subject>``), which ``tests/test_figures_site.py`` reads.

Page weight: a scatter of thousands of points written as SVG vectors weighs
megabytes (one ``<path>`` per point).  Artists with many points are
rasterized inside the SVG (``set_rasterized``): axes, ticks and text stay
vector and sharp, the cloud of points becomes one embedded PNG.
"""

from __future__ import annotations

import io
import json
import pickle
import sys
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import noto_cjk_sans_otc
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.figure import Figure
from matplotlib.text import Text

from bookkit.figure_text import MissingTranslation, Table, load_table, prose_words, translate

CJK_FONT = "Noto Sans CJK SC"
FONTS = ["DejaVu Sans", CJK_FONT]  # Latin as always; Chinese from Noto
# Above this many points an artist is drawn as pixels inside the SVG.
MANY_POINTS = 200

font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
matplotlib.rcParams["font.family"] = FONTS
matplotlib.rcParams["svg.hashsalt"] = "dlbook"  # stable ids: same figure, same file


# -- translating a figure ---------------------------------------------------

def _tick_labels(fig: Figure):
    """(axis, minor, labels) for every axis, as they were last drawn."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for minor in (False, True):
                labels = [t.get_text() for t in axis.get_ticklabels(minor=minor)]
                yield axis, minor, labels


def translate_figure(fig: Figure, table: Table, where: str) -> None:
    """Put every text of ``fig`` into ``table.lang``, in place.

    Tick labels are made by formatters at draw time, so the figure is drawn
    once first and words among its tick labels are fixed as translated
    labels; numbers keep their formatter.  Every missing translation is
    collected and raised at once, naming ``where`` (the snippet's figure).
    """
    missing: list[str] = []

    def tr(text: str) -> str:
        try:
            return translate(text, table)
        except MissingTranslation:
            missing.append(text)
            return text

    FigureCanvas(fig).draw()  # lays out ticks and their labels
    for axis, minor, labels in _tick_labels(fig):
        translated = [tr(s) for s in labels]
        if translated != labels:
            axis.set_ticks(axis.get_ticklocs(minor=minor), translated, minor=minor)
    for text in fig.findobj(Text):
        if text.get_text():
            text.set_text(tr(text.get_text()))
    if missing:
        raise MissingTranslation(
            f"{where}: no {table.lang} translation for "
            + ", ".join(repr(s) for s in dict.fromkeys(missing))
            + f"; add them to snippets/figures.{table.lang}.yml")


# -- saving -----------------------------------------------------------------

def _rasterize_heavy_artists(fig: Figure) -> None:
    for ax in fig.axes:
        for artist in ax.collections:
            offsets = artist.get_offsets()
            paths = artist.get_paths()
            if len(offsets) > MANY_POINTS or len(paths) > MANY_POINTS:
                artist.set_rasterized(True)
        for line in ax.lines:
            if len(line.get_xdata()) > 20 * MANY_POINTS:
                line.set_rasterized(True)


def drawn_strings(fig: Figure) -> list[str]:
    """Every string the SVG renderer draws for ``fig``, in drawing order."""
    seen: list[str] = []
    draw_text = RendererSVG.draw_text

    def recording(self, gc, x, y, s, *args, **kwargs):
        seen.append(s)
        return draw_text(self, gc, x, y, s, *args, **kwargs)

    RendererSVG.draw_text = recording
    try:
        fig.savefig(io.BytesIO(), format="svg", dpi=120)
    finally:
        RendererSVG.draw_text = draw_text
    return seen


def save(fig: Figure, path: Path, table: Table | None, where: str) -> None:
    """Save ``fig`` as SVG in the table's language (the snippet's if None)."""
    for text in fig.findobj(Text):
        family = text.get_fontfamily()
        if CJK_FONT not in family:  # also for figures pickled elsewhere
            text.set_fontfamily([f for f in family if f != "sans-serif"] + FONTS)
    if table is not None:
        translate_figure(fig, table, where)
    if getattr(fig, "_dlbook_tight_layout", None):
        args, kwargs = fig._dlbook_tight_layout
        fig.tight_layout(*args, **kwargs)
    _rasterize_heavy_artists(fig)
    with warnings.catch_warnings():  # no empty boxes: a missing glyph is an error
        warnings.filterwarnings("error", message=r"Glyph .* missing from font")
        strings = [s for s in dict.fromkeys(drawn_strings(fig)) if s.strip()]
    if table is not None:
        english = [s for s in strings
                   if s not in table.verbatim and prose_words(s, table.keep)]
        if english:
            raise MissingTranslation(f"{where}: still English after translation: "
                                     + ", ".join(map(repr, english)))
    path.parent.mkdir(parents=True, exist_ok=True)
    # stable ids (same figure, same file), even if someone reset rcParams since import
    with matplotlib.rc_context({"svg.hashsalt": "dlbook"}):
        fig.savefig(path, dpi=120, metadata={"Date": None, "Keywords": strings})


def draw(job: dict) -> list[str]:
    """Draw a job's pickled figures in every language; return what is missing.

    A figure with untranslated prose is not saved in that language; its
    error message is returned, so one run reports every missing string.
    """
    tables = {lang: load_table(p) for lang, p in job["tables"].items()}
    errors = []
    n = 1
    while (pickled := Path(f"{job['pickles']}-{n}.pickle")).exists():
        for lang, prefix in job["out"].items():
            fig = pickle.loads(pickled.read_bytes())
            FigureCanvas(fig)
            try:
                save(fig, Path(f"{prefix}-{n}.svg"), tables.get(lang),
                     f"{job['snippet']}, figure {n}")
            except MissingTranslation as err:
                errors.append(str(err))
            plt.close(fig)
        n += 1
    return errors


if __name__ == "__main__":  # python -m bookkit.figure_draw JOB.json ...
    errors = [e for arg in sys.argv[1:]
              for e in draw(json.loads(Path(arg).read_text("utf-8")))]
    if errors:
        sys.exit("\n".join(errors))
