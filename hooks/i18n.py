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
``tests/test_browser.py`` check the result.

2. No requests for sitemaps that do not exist.  Material fetches
``sitemap.xml`` relative to every ``<link rel="alternate" hreflang>`` in
the head (it expects them to be language roots); mkdocs-static-i18n writes
the page's own translation there (``/en/neuron/``), so every page load asked
for ``/en/neuron/sitemap.xml`` and logged a 404 in the console.  The head
links are dropped; the language switcher in the header still links each
page to its translation.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)',
                     re.DOTALL)


def _i18n(config):
    return config.plugins.get("i18n")


def _other_locales(i18n) -> list[str]:
    return [lang.locale for lang in i18n.config.languages
            if lang.build and lang.locale != i18n.default_language]


_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output: str, page, config) -> str:
    output = _ALTERNATE.sub("", output)
    i18n = _i18n(config)
    if i18n is None or i18n.current_language == i18n.default_language:
        return output
    locale = i18n.current_language

    def rebase(m: re.Match) -> str:
        config = json.loads(m.group(2))
        config["base"] = f"{config['base']}/{locale}/"
        return m.group(1) + json.dumps(config, ensure_ascii=False) + m.group(3)

    return _CONFIG.sub(rebase, output, count=1)


@event_priority(-200)  # after the i18n plugin has merged every language
def on_post_build(config) -> None:
    i18n = _i18n(config)
    if i18n is None or i18n.building:
        return  # an inner, per-language build: the index is not final yet
    root = Path(config.site_dir) / "search" / "search_index.json"
    if not root.exists():
        return
    index = json.loads(root.read_text("utf-8"))
    locales = _other_locales(i18n)
    default_docs = []
    per_locale: dict[str, list[dict]] = {loc: [] for loc in locales}
    for doc in index["docs"]:
        loc = doc["location"].split("/", 1)[0].split("#", 1)[0]
        if loc in per_locale:
            doc = dict(doc, location=doc["location"][len(loc):].lstrip("/"))
            per_locale[loc].append(doc)
        else:
            default_docs.append(doc)
    root.write_text(json.dumps(dict(index, docs=default_docs), ensure_ascii=False,
                               separators=(",", ":")), "utf-8")
    for loc, docs in per_locale.items():
        out = Path(config.site_dir) / loc / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        # lunr needs no Chinese segmenter for an English-only index
        cfg = dict(index["config"], lang=[loc])
        out.write_text(json.dumps(dict(index, config=cfg, docs=docs), ensure_ascii=False,
                                  separators=(",", ":")), "utf-8")
