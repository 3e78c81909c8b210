"""MkDocs hook: the whole book on one page, in its own language (``make pdf``).

The ``print-site`` plugin (off unless ``DLBOOK_PRINT=true``, see mkdocs.yml)
writes ``print_page/``: a cover, a table of contents and every page of the
navigation one after another, which ``scripts/book_pdf.py`` prints with chromium.
The plugin's words are English and fixed in mkdocs.yml; this hook gives the
print page the title and the contents heading of the language being built.

The PDF is made one language at a time (``DLBOOK_LANG``: the i18n plugin's
``build_only_locale``), so that the print page holds one language's pages:
a print build of both languages at once is an error.

print-site warns (and so stops the strict build) unless it is the last
plugin.  mkdocstrings appends its own quiet autorefs plugin after every
listed one, while the build starts; autorefs only resolves cross-references
once pages are rendered, which print-site does itself for its page (it calls
autorefs' ``fix_refs``).  So that one order is right, and this hook drops
that one warning in that one case; any other plugin after print-site is
still warned about.

print-site makes every heading id unique by prefixing the page's name, and
an empty id (a notebook's headings, until ``hooks/notebooks.py`` fills them
in after rendering) would get the prefix between all its characters, the
heading lost.  In a print build this hook fills them in before print-site
reads the page.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from bookkit.site import fill_empty_heading_ids, toc_ids

CONTENTS = {"zh": "目录", "en": "Contents"}
LAST_PLUGIN_WARNING = "[mkdocs-print-site] 'print-site' should be defined as the *last* plugin"
_log = logging.getLogger("mkdocs.plugins")  # where print-site warns


class _AutorefsAfterPrintSite(logging.Filter):
    """Drops print-site's "last plugin" warning (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(LAST_PLUGIN_WARNING)


_FILTER = _AutorefsAfterPrintSite()


def only_autorefs_will_follow(plugins: list[str]) -> bool:
    """True when the plugins listed after print-site are hooks alone, and
    mkdocstrings will add autorefs after them (it is not listed)."""
    after = plugins[plugins.index("print-site") + 1:]
    return ("mkdocstrings" in plugins and "autorefs" not in plugins
            and all(name.startswith("hooks/") for name in after))


def print_plugin(config):
    """The print-site plugin when it is on, else None."""
    plugin = config.plugins.get("print-site")
    return plugin if plugin is not None and plugin.config.get("enabled") else None


def print_language(config) -> str:
    """The one language this print build holds."""
    i18n = config.plugins.get("i18n")
    only = i18n.config.build_only_locale if i18n is not None else None
    if only not in CONTENTS:
        raise PluginError(f"hooks/printbook.py: the print page holds one language: expected "
                          f"DLBOOK_LANG set to one of {sorted(CONTENTS)}, got {only!r}")
    return only


@event_priority(100)  # before mkdocstrings adds autorefs and print-site checks the order
def on_config(config):
    if print_plugin(config) is not None:
        print_language(config)
        if only_autorefs_will_follow(list(config.plugins)):
            _log.addFilter(_FILTER)
    return config


@event_priority(50)  # before print-site keeps the page's HTML
def on_page_content(html: str, page, config, files) -> str:
    if print_plugin(config) is not None and page.file.src_uri.endswith(".ipynb"):
        html = fill_empty_heading_ids(html, toc_ids(page.toc))
    return html


def on_pre_build(config) -> None:
    """The print page's words, once the i18n plugin has set the language's site name."""
    _log.removeFilter(_FILTER)  # the order was checked while the config loaded
    plugin = print_plugin(config)
    if plugin is None:
        return
    plugin.config["toc_title"] = CONTENTS[print_language(config)]
    plugin.print_page.title = config.site_name
