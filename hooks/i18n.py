"""MkDocs hook: make mkdocs-static-i18n and Material's JavaScript agree.

1. One search index per language.

mkdocs-static-i18n (``reconfigure_search``) writes ONE index for every
language at the site root, and every page, English or Chinese, searches it
(Material loads ``search/search_index.json`` relative to ``__config.base``).
An English reader who types "activation" then gets the Chinese pages too,
because their code and identifiers are English.

This hook, after the last language is built, splits that index: the default
language keeps ``search/search_index.json`` at the root, every other
language ``<locale>`` gets ``<locale>/search/search_index.json`` with its own
locations, and its pages' ``__config.base`` points at ``<locale>/`` so that
Material's search loads that index and links its results correctly.
(``base`` is only used by Material for search, versions and instant loading;
this site uses neither of the last two.)  ``tests/test_site.py`` and
``tests/test_browser.py`` check the result, ``tests/test_hooks.py`` the
functions below.

2. No requests for sitemaps that do not exist.  Material fetches
``sitemap.xml`` relative to every ``<link rel="alternate" hreflang>`` in
the head (it expects them to be language roots); mkdocs-static-i18n writes
the page's own translation there (``/en/neuron/``), so every page load asked
for ``/en/neuron/sitemap.xml`` and logged a 404 in the console.  The head
links are dropped; the language switcher in the header still links each
page to its translation.

Both rely on the HTML that Material writes.  When it changes (no
``__config`` script, alternate links in another shape, no search index, a
language whose index comes out empty) the build stops with a
``PluginError`` instead of quietly shipping the old bug again.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)',
                     re.DOTALL)
_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
# any alternate-language link, whatever the order of its attributes
_ANY_ALTERNATE = re.compile(r'<link\b(?=[^>]*\brel="alternate")(?=[^>]*\bhreflang=)[^>]*>')


def drop_alternate_links(html: str, where: str = "page") -> str:
    """The page without its ``<link rel="alternate" hreflang>`` head links.

    A page may have none (nothing to do); one left behind in a shape the
    pattern does not know is an error.
    """
    html = _ALTERNATE.sub("", html)
    left = _ANY_ALTERNATE.search(html)
    if left:
        raise PluginError(f"hooks/i18n.py: {where}: an alternate-language link in an "
                          f"unknown shape was not removed: {left.group(0)}")
    return html


def rebase_config(html: str, locale: str, where: str = "page") -> str:
    """Point Material's ``__config.base`` of a ``locale`` page at ``<locale>/``.

    Every Material page has that script: a page without it means the theme
    changed, and the page would search the wrong index, so it is an error.
    """
    def rebase(m: re.Match) -> str:
        config = json.loads(m.group(2))
        config["base"] = f"{config['base']}/{locale}/"
        return m.group(1) + json.dumps(config, ensure_ascii=False) + m.group(3)

    html, count = _CONFIG.subn(rebase, html, count=1)
    if count == 0:
        raise PluginError(f"hooks/i18n.py: {where}: no <script id=\"__config\"> found; "
                          "Material's template changed, so this page cannot search "
                          f"the {locale!r} index")
    return html


def split_index(index: dict, locales: list[str]) -> dict[str | None, dict]:
    """One search index per language: ``None`` for the default language (its
    locations unchanged), one per ``locale`` with locations relative to
    ``<locale>/`` and lunr told that language only.

    A locale left with no document means the locations no longer start with
    ``<locale>/``: an error, not an empty search.
    """
    default_docs: list[dict] = []
    per_locale: dict[str, list[dict]] = {loc: [] for loc in locales}
    for doc in index["docs"]:
        loc = doc["location"].split("/", 1)[0].split("#", 1)[0]
        if loc in per_locale:
            per_locale[loc].append(dict(doc, location=doc["location"][len(loc):].lstrip("/")))
        else:
            default_docs.append(doc)
    empty = [loc for loc, docs in per_locale.items() if not docs]
    if empty or not default_docs:
        raise PluginError(f"hooks/i18n.py: the search index has no pages for "
                          f"{empty or ['the default language']}; its locations "
                          f"look like {[d['location'] for d in index['docs'][:3]]}")
    out: dict[str | None, dict] = {None: dict(index, docs=default_docs)}
    for loc, docs in per_locale.items():
        # lunr needs no Chinese segmenter for an English-only index
        out[loc] = dict(index, config=dict(index["config"], lang=[loc]), docs=docs)
    return out


def _i18n(config):
    return config.plugins.get("i18n")


def _other_locales(i18n) -> list[str]:
    return [lang.locale for lang in i18n.config.languages
            if lang.build and lang.locale != i18n.default_language]


def on_post_page(output: str, page, config) -> str:
    where = page.file.src_uri
    output = drop_alternate_links(output, where)
    i18n = _i18n(config)
    if i18n is None or i18n.current_language == i18n.default_language:
        return output
    return rebase_config(output, i18n.current_language, where)


@event_priority(-200)  # after the i18n plugin has merged every language
def on_post_build(config) -> None:
    i18n = _i18n(config)
    if i18n is None or i18n.building:
        return  # an inner, per-language build: the index is not final yet
    if "search" not in config.plugins and "material/search" not in config.plugins:
        return  # no search, no index to split
    root = Path(config.site_dir) / "search" / "search_index.json"
    if not root.exists():
        raise PluginError(f"hooks/i18n.py: the search plugin is on but wrote no {root}")
    indexes = split_index(json.loads(root.read_text("utf-8")), _other_locales(i18n))
    for loc, index in indexes.items():
        out = root if loc is None else Path(config.site_dir) / loc / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
