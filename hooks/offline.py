"""MkDocs hook: a copy of the book that a reader opens from disk (``make offline``).

Material's ``offline`` plugin (off unless ``DLBOOK_OFFLINE=true``, see
mkdocs.yml) makes every link end in ``.html`` and has the search load its
index as a script (``search/search_index.js``) instead of fetching JSON,
which a browser refuses under ``file://``.  Two things it does are wrong
for this site, and this hook puts them right:

1. It loads a Web Worker shim (``iframe-worker``: a browser starts no
   worker from ``file://``) from a CDN.  The site serves its own copy
   (``docs/assets/vendor/iframe-worker/``, MIT), so the offline copy asks
   nothing from outside; a normal build leaves that file out of the site.
2. It writes the script only beside the root index, before
   ``hooks/i18n.py`` splits the index by language.  This hook writes it
   again after the split, beside every language's index, so that English
   pages search the English index.

And one thing it cannot know: MkDocs rewrites the links of Markdown pages
for ``.html`` URLs, but a notebook page's links (its Markdown cells, which
mkdocs-jupyter renders) stay as written, for the online book's folder URLs
(``../../workflow/``).  This hook points them at the page's file instead
(``../workflow/index.html``), so they work from disk too.

And the "report a problem" link above each page (``overrides/partials/
actions.html``) quotes the page's address on the web, not the ``.html``
file the copy holds (nor, in a one-language copy, an address without the
language's folder): ``on_page_context`` gives every page, in every build,
its ``dlbook_web_url``.

``make offline`` builds one copy per language and ``scripts/book_offline.py``
zips it; ``tests/test_offline.py`` opens the zip's copy from disk in chromium.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from bookkit import notebook_gen
from bookkit.site import online_home

SHIM_DIR = "assets/vendor/iframe-worker/"
SHIM = SHIM_DIR + "shim.js"
INDEX = "search_index.json"


def offline_enabled(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def local_polyfills(polyfills: list, shim: str = SHIM) -> list:
    """``polyfills`` with every iframe-worker script replaced by ``shim``."""
    return [shim if "iframe-worker" in str(url) else url for url in polyfills]


# a relative link to a folder: no scheme, no query, ending in "/" (maybe "#anchor")
_FOLDER_LINK = re.compile(r'(<a\b[^>]*?\bhref=")([^"#:?/][^"#:?]*/)(#[^"]*)?"')


def folder_links_to_files(html: str, dest_uri: str) -> str:
    """The links of a page written for folder URLs, pointed at files.

    ``dest_uri`` is where the page is written ("notebooks/intro.html"); its
    links were written as if it were the folder "notebooks/intro/".  A link
    that leaves the site is left alone.
    """
    stem = dest_uri[: -len(".html")] if dest_uri.endswith(".html") else dest_uri
    folder = posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
    here = posixpath.dirname(dest_uri)

    def to_file(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, m.group(2)))
        if target == ".." or target.startswith("../"):
            return m.group(0)
        target = "index.html" if target == "." else f"{target}/index.html"
        return f'{m.group(1)}{posixpath.relpath(target, here or ".")}{m.group(3) or ""}"'

    return _FOLDER_LINK.sub(to_file, html)


def index_script(index_json: str) -> str:
    """What Material loads under ``file://``: the index as a global ``__index``."""
    return f"var __index = {index_json}"


@event_priority(-50)  # after Material's offline plugin has added its CDN shim
def on_config(config):
    if offline_enabled(config):
        config.extra["polyfills"] = local_polyfills(config.extra.get("polyfills", []))
    return config


def on_files(files, config):
    shim = files.get_file_from_path(SHIM)
    if shim is None:
        raise PluginError(f"hooks/offline.py: expected docs/{SHIM} (the vendored "
                          "iframe-worker shim), found nothing")
    if not offline_enabled(config):  # the normal site loads no worker shim
        for f in [f for f in files if f.src_uri.startswith(SHIM_DIR)]:
            files.remove(f)
    return files


def web_url(src_uri: str, lang: str, home: str, site_url: str) -> str:
    """The address on the web of the page built from ``docs/<src_uri>``
    (``"en/rnn/index.md"``), ``home`` being the language at the web
    book's root: the same in an offline copy as online."""
    src = src_uri[len(lang) + 1:] if src_uri.startswith(f"{lang}/") else src_uri
    return notebook_gen.PageInfo(src=src, lang=lang, site_url=site_url, default_lang=home).url


def on_page_context(context, page, config, nav):
    i18n = config.plugins.get("i18n")
    lang = i18n.current_language if i18n is not None else config.theme.get("language", "en")
    context["dlbook_web_url"] = web_url(page.file.src_uri, lang, online_home(config),
                                        config.site_url or "/")
    return context


def on_page_content(html: str, page, config, files) -> str:
    if offline_enabled(config) and page.file.src_uri.endswith(".ipynb"):
        html = folder_links_to_files(html, page.file.dest_uri)
    return html


@event_priority(-300)  # after hooks/i18n.py has written one index per language
def on_post_build(config) -> None:
    if not offline_enabled(config):
        return
    i18n = config.plugins.get("i18n")
    if i18n is not None and i18n.building:
        return  # an inner, per-language build: the index is not final yet
    indexes = sorted(Path(config.site_dir).glob(f"**/search/{INDEX}"))
    if not indexes:
        raise PluginError(f"hooks/offline.py: no search/{INDEX} in {config.site_dir}: "
                          "the offline copy would have no search")
    for index in indexes:
        index.with_suffix(".js").write_text(index_script(index.read_text("utf-8")), "utf-8")
