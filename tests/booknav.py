"""The book's pages in the order of its navigation, and their titles.

A helper of the tests (not a test module).  ``mkdocs.yml`` holds the
navigation's shape, and ``hooks/api.py`` appends the API section when a
build starts; a page's title is its first heading, ``# ...`` (the first
markdown cell's, for a notebook), in each language.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from mkdocs.config import load_config

from hooks import api

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@cache
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


def walk(items) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """A ``nav:`` list's section names, its pages in order, and the
    (title, page) entries that give a page a title."""
    sections: list[str] = []
    pages: list[str] = []
    titled: list[tuple[str, str]] = []

    def visit(entries) -> None:
        for item in entries:
            if isinstance(item, str):
                pages.append(item)
                continue
            (title, value), = item.items()
            if isinstance(value, list):
                sections.append(title)
                visit(value)
            else:
                pages.append(value)
                titled.append((title, value))

    visit(items)
    return sections, pages, titled


def nav_pages() -> list[str]:
    """Every page of the navigation, the API pages too, in order, relative
    to a language folder ("index.md", "neuron.md", ...)."""
    return walk(api.with_api_section(config().nav, api.page_paths(api.modules())))[1]


def first_heading(path: Path) -> str | None:
    """The page's title: its first ``# `` heading (first markdown cell's for a notebook)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text("utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text("utf-8")
    for line in text.splitlines():
        if line.strip():
            return line[2:].strip() if line.startswith("# ") else None
    return None


def titles(lang: str) -> list[tuple[str, str]]:
    """(page, title as a reader sees it) for every page of ``lang``, in nav order.

    The API pages and the hands-on notebooks are written by the build; a
    page that is not there is an error that says so.  A title's Markdown is
    only inline code (`dlbook.nn`): the reader sees it without the backticks.
    """
    out = []
    for rel in nav_pages():
        path = DOCS / lang / rel
        if not path.exists():
            raise FileNotFoundError(f"expected {path.relative_to(ROOT)} (the API pages and the "
                                    "hands-on notebooks are written by a build)")
        heading = first_heading(path)
        if heading is None:
            raise ValueError(f"{path.relative_to(ROOT)}: no '# Title' first line")
        out.append((rel, heading.replace("`", "")))
    return out
