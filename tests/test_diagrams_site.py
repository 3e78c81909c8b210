"""The built site's diagrams: SVG in the page, no mermaid script.

Reads the HTML that ``mkdocs build`` wrote (``DLBOOK_SITE``, default
``site/``).  A build on a machine without chromium keeps the diagrams for
the browser (hooks/diagrams.py), so these tests are skipped there, unless
DLBOOK_REQUIRE_BROWSER is set (``make test`` as root installs chromium).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dlbook.check.pages import DOCS, LANGS

pytestmark = pytest.mark.site

SITE = Path(os.environ.get("DLBOOK_SITE", DOCS.parent / "site")).resolve()
CHROMIUM = os.environ.get("DLBOOK_CHROMIUM", "/usr/bin/chromium")
FENCE = re.compile(r"^\s*(```|~~~)\s*mermaid\s*$", re.M)
DIAGRAM = '<div class="mermaid dlbook-diagram"><svg'

if not (SITE / "index.html").exists():
    pytest.skip(f"no built site in {SITE}", allow_module_level=True)
if not Path(CHROMIUM).exists() and not os.environ.get("DLBOOK_REQUIRE_BROWSER"):
    pytest.skip(f"no chromium at {CHROMIUM}: the build leaves diagrams to the browser",
                allow_module_level=True)


def built(page: Path) -> Path:
    """docs/zh/cnn/index.md -> site/cnn/index.html, docs/en/neuron.md -> site/en/neuron/..."""
    lang, *rest = page.relative_to(DOCS).with_suffix("").parts
    if rest[-1] == "index":
        rest = rest[:-1]
    return SITE.joinpath(*([] if lang == LANGS[0] else [lang]), *rest, "index.html")


DIAGRAM_PAGES = [p for lang in LANGS for p in sorted((DOCS / lang).rglob("*.md"))
                 if FENCE.search(p.read_text("utf-8"))]


def test_the_book_has_diagrams_in_both_languages():
    langs = {p.relative_to(DOCS).parts[0] for p in DIAGRAM_PAGES}
    assert langs == set(LANGS), f"expected diagram pages in {LANGS}, got {sorted(langs)}"


@pytest.mark.parametrize("page", DIAGRAM_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_diagram_is_an_svg_in_the_page_with_its_own_ids(page):
    html = built(page).read_text("utf-8")
    fences = len(FENCE.findall(page.read_text("utf-8")))
    assert html.count(DIAGRAM) == fences, \
        f"{built(page)}: expected {fences} inline SVG diagram(s), got {html.count(DIAGRAM)}"
    assert '<pre class="mermaid">' not in html
    svgs = re.findall(r"<svg id=\"mermaid-.*?</svg>", html, re.S)
    assert len(svgs) == fences
    for svg in svgs:
        assert "foreignObject" not in svg, "labels should be SVG text (htmlLabels: false)"
        assert re.search(r"<tspan[^>]*>[^<]*\w", svg), "expected label text in the SVG"
    ids = re.findall(r'(?<![\w-])id="([^"]+)"', "".join(svgs))
    shared = sorted({i for i in ids if ids.count(i) > 1})
    assert not shared, f"{built(page)}: ids used twice: {shared[:5]}"


def test_no_page_loads_mermaid():
    loading = [str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
               if "mermaid.min.js" in p.read_text("utf-8")]
    assert not loading, f"expected no page to load mermaid.min.js, got {loading}"
