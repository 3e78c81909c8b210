"""The navigation's titles live in the pages; ``mkdocs.yml`` holds its shape.

A page's entry in ``nav:`` is its path alone, and the sidebar shows the
page's own first heading (``# Title``) in each language.  Only section
names, and the home page's short label, are titles in ``mkdocs.yml``, and
each has its English name in ``nav_translations``.  So adding a page is one
line of ``nav:`` (CONTRIBUTING.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from booknav import config, first_heading, walk
from hooks import api

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HOME = "index.md"


def _nav():
    return walk(config().nav)


def _translations() -> dict[str, str]:
    langs = config().plugins["i18n"].config.languages
    return next(lang.nav_translations for lang in langs if lang.locale == "en")


def test_nav_entries_are_paths_without_titles():
    _, _, titled = _nav()
    assert [path for _, path in titled] == [HOME], \
        f"give these pages no title in mkdocs.yml, their heading is the title: {titled}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_in_the_nav_starts_with_its_title(lang):
    _, pages, _ = _nav()
    missing = []
    for rel in pages:
        path = DOCS / lang / rel
        if path.suffix == ".ipynb" and not path.exists():
            continue  # generated at build time from its one source
        if not path.exists() or not first_heading(path):
            missing.append(rel)
    assert not missing, f"docs/{lang}: no '# Title' first line in {missing}"


def test_nav_translations_name_sections_only_and_every_section():
    sections, _, titled = _nav()
    # hooks/api.py appends the API section while the build starts
    names = set(sections) | {title for title, _ in titled} | {api.SECTION, api.OVERVIEW}
    translations = _translations()
    assert set(translations) == names, (
        f"page titles to remove from nav_translations: {sorted(set(translations) - names)}; "
        f"sections without an English name: {sorted(names - set(translations))}")


def test_the_title_reader_reads_headings():
    assert first_heading(DOCS / "zh" / "neuron.md") == "神经元"
    assert first_heading(DOCS / "en" / "neuron.md") == "The neuron"
