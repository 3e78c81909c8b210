"""Helpers for the tests that read the built site (not a test module).

Where ``mkdocs build`` put each page, every built HTML file, and the file a
link of a built page points to.  ``DLBOOK_SITE`` lets several builds live
side by side (``mkdocs build -d DIR``).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SITE = Path(os.environ.get("DLBOOK_SITE", ROOT / "site")).resolve()


def built(page: Path) -> Path:
    """Where the page of docs/<lang>/x/y.md (or .ipynb) lands in site/."""
    rel = page.relative_to(DOCS)
    lang, rest = rel.parts[0], Path(*rel.parts[1:])
    base = SITE if lang == "zh" else SITE / lang
    stem = rest.with_suffix("")
    if stem.name == "index":
        return base / stem.parent / "index.html"
    return base / stem / "index.html"


def html_pages() -> list[Path]:
    """Every HTML file of the built site (none when it is not built)."""
    return sorted(SITE.rglob("*.html")) if SITE.exists() else []


def soup(path: Path) -> BeautifulSoup:
    """The parsed page: parsed once per version of the file, shared by every
    test that reads it (parsing is most of what the site tests cost).  Read
    it; do not change it."""
    path = Path(path).resolve()
    return _parse(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=None)
def _parse(path: Path, mtime_ns: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def resolve(page: Path, ref: str) -> Path:
    """The file a relative or site-absolute link of a built page points to."""
    path = urldefrag(urlparse(ref).path)[0]
    target = (SITE / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target
