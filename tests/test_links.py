"""No broken internal link or anchor, in either language, on the built HTML.

``mkdocs build --strict`` checks the links written in Markdown; this checks
what readers click: every ``<a href>`` of every built page that stays on the
site must reach a file, and its ``#fragment`` an element with that id
(code annotations, footnotes, the table of contents and the headings' own
permalinks included).
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from sitecheck import SITE, html_pages, resolve, soup

pytestmark = pytest.mark.site


@functools.lru_cache(maxsize=None)
def _ids(page: Path) -> frozenset[str]:
    doc = soup(page)
    ids = {el["id"] for el in doc.find_all(id=True)}
    ids |= {el["name"] for el in doc.find_all(attrs={"name": True})}
    return frozenset(ids)


def broken_links(page: Path) -> list[str]:
    """The internal links of a built page that lead nowhere."""
    doc = soup(page)
    broken = []
    for a in doc.find_all("a", href=True):
        href = a["href"]
        url = urlparse(href)
        if url.scheme or href.startswith("//"):
            continue  # leaves the site (http, mailto, ...)
        target = page if not url.path else resolve(page, href)
        if not target.exists():
            broken.append(f"{href} (no file {target.relative_to(SITE) if SITE in target.parents else target})")
            continue
        fragment = unquote(url.fragment)
        if fragment and target.suffix == ".html" and fragment not in _ids(target):
            broken.append(f"{href} (no id {fragment!r} in {target.relative_to(SITE)})")
    return broken


PAGES = html_pages()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(SITE)))
def test_no_broken_internal_link_or_anchor(page):
    broken = broken_links(page)
    assert not broken, f"{page.relative_to(SITE)}: broken links {broken}"


def test_the_checker_sees_links():
    """Guards against passing because nothing was parsed."""
    page = SITE / "neuron" / "index.html"
    doc = soup(page)
    anchors = [a["href"] for a in doc.find_all("a", href=True) if "#" in a["href"]]
    assert len(anchors) >= 3, f"expected in-page links on {page}, got {anchors}"
