"""The built site shows each reader the figures of their language.

Figures draw their text as paths, so the words cannot be read back from the
drawing; ``bookkit/figure_backend.py`` lists every string it drew in the SVG's
metadata (``<dc:subject>``), and these tests read that list.
(``make test`` runs ``mkdocs build --strict`` first.)
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from hooks import figures
from bookkit import figure_text as text

pytestmark = pytest.mark.site

SITE = Path(os.environ.get("DLBOOK_SITE", figures.ROOT / "site")).resolve()
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
TABLE = text.load_table(figures.SNIPPETS / "figures.zh.yml")


@pytest.fixture(scope="module", autouse=True)
def _site_is_built():
    if not (SITE / "figures").is_dir() or not (SITE / "en" / "figures").is_dir():
        pytest.fail(f"{SITE} has no figures: run `mkdocs build --strict` first "
                    "(make test does)")


def drawn_text(svg: Path) -> list[str]:
    """The strings a figure draws, as its metadata lists them."""
    root = ET.parse(svg).getroot()
    return [li.text or "" for li in root.iter(f"{RDF}li")]


def site_figures(lang: str) -> list[Path]:
    base = SITE / "figures" if lang == "zh" else SITE / lang / "figures"
    return sorted(base.rglob("*.svg"))


def test_every_figure_exists_in_both_languages():
    zh = [p.relative_to(SITE / "figures") for p in site_figures("zh")]
    en = [p.relative_to(SITE / "en" / "figures") for p in site_figures("en")]
    assert zh and zh == en
    assert len(zh) >= len(figures.figure_snippets())


@pytest.mark.parametrize("svg", site_figures("zh"),
                         ids=lambda p: p.relative_to(SITE).as_posix())
def test_chinese_figures_have_no_english_prose(svg):
    strings = drawn_text(svg)
    assert strings, f"{svg} lists no drawn text: was it drawn by figure_backend.py?"
    english = {s: words for s in strings if s not in TABLE.verbatim
               and (words := text.prose_words(s, TABLE.keep))}
    assert not english, f"{svg}: English words on a Chinese figure: {english}"


@pytest.mark.parametrize("svg", site_figures("zh"),
                         ids=lambda p: p.relative_to(SITE).as_posix())
def test_chinese_figures_differ_from_english_where_english_has_words(svg):
    en = drawn_text(SITE / "en" / svg.relative_to(SITE))
    prose = [s for s in en if s not in TABLE.verbatim and text.prose_words(s, TABLE.keep)]
    zh = drawn_text(svg)
    for s in prose:
        assert s not in zh, f"{svg}: {s!r} is drawn untranslated"
    if prose:
        assert any(re.search(r"[\u4e00-\u9fff]", s) for s in zh)


_IMG = re.compile(r'<img[^>]+src="([^"]+\.svg)"')


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_the_figures_of_their_own_language(lang):
    base = SITE if lang == "zh" else SITE / lang
    shown = 0
    for html in sorted(base.rglob("index.html")):
        if lang == "zh" and html.is_relative_to(SITE / "en"):
            continue
        page_url = html.parent.relative_to(SITE).as_posix() + "/"
        for src in _IMG.findall(html.read_text("utf-8")):
            if "figures/" not in src:
                continue
            target = (SITE / unquote(urljoin(page_url, src))).resolve()
            assert target.exists(), f"{html}: {src} does not exist"
            assert target.is_relative_to(base / "figures"), (
                f"{html}: {src} is not a figure of the {lang} site")
            shown += 1
    assert shown >= len(figures.figure_snippets())
