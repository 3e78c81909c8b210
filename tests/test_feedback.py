"""Every built page has an edit link, a "report a problem" link that carries
the page, its language and the versions its outputs were checked with, and a
footer with the licences and that stamp (hooks/stamp.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import torch

import dlbook
from hooks import stamp
from sitecheck import SITE, soup

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]


def _content_pages() -> list[Path]:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is missing: run `mkdocs build --strict` first (make test does)")
    return sorted(p for p in SITE.rglob("index.html")
                  if "assets" not in p.parts and p.parent != SITE / "search")


def _lang(page: Path) -> str:
    return "en" if page.relative_to(SITE).parts[0] == "en" else "zh"


def test_stamp_names_the_running_versions():
    s = stamp.stamp()
    assert s["torch"] == torch.__version__.split("+")[0] or s["torch"] == torch.__version__
    assert s["dlbook"] == dlbook.__version__
    head = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()
    assert s["commit"] == (head or "unknown")


def test_commit_outside_git_is_unknown(tmp_path):
    assert stamp.commit(tmp_path) == "unknown"
    assert stamp.tracked_docs(tmp_path) is None


def test_every_page_has_report_link_with_page_language_and_versions():
    pages = _content_pages()
    assert len(pages) > 50
    torch = f"torch {stamp.stamp()['torch']}"
    for page in pages:
        doc = soup(page)
        link = doc.select_one("a.dlbook-report")
        assert link is not None, f"{page}: no report link"
        url = urlparse(link["href"])
        assert url.path.endswith("/issues/new"), link["href"]
        q = parse_qs(url.query)
        body = q["body"][0]
        rel = page.parent.relative_to(SITE).as_posix()
        assert ("Page: http" in body) and (rel == "." or f"/{rel}/" in body), (page, body)
        assert ("Language: English" in body) == (_lang(page) == "en"), page
        assert torch in body


def test_every_page_footer_has_licences_and_stamp():
    s = stamp.stamp()
    for page in _content_pages():
        doc = soup(page)
        footer = doc.select_one(".md-copyright")
        text = footer.get_text(" ", strip=True)
        assert "MIT" in text and "CC BY-SA 4.0" in text, page
        assert f"torch {s['torch']}" in text and f"dlbook {s['dlbook']}" in text, page
        assert s["commit"] in text, page


def test_edit_links_point_at_the_page_source_in_its_language():
    tracked = stamp.tracked_docs()
    checked = 0
    for page in _content_pages():
        doc = soup(page)
        edit = doc.select_one('a[rel="edit"]')
        if edit is None:
            continue
        src = edit["href"].split("/edit/main/docs/", 1)[1]
        assert src.startswith(_lang(page) + "/"), (page, src)
        assert tracked is None or src in tracked, f"{page}: edit link to untracked {src}"
        checked += 1
    assert checked > 50


def test_licence_files_exist():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY-SA 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text()
