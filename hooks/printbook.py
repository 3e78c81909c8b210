"""MkDocs hook: the whole book on one page, in its own language (``make pdf``).

The ``print-site`` plugin (off unless ``DLBOOK_PRINT=true``, see mkdocs.yml)
writes ``print_page/``: a cover, a table of contents and every page of the
navigation one after another, which ``scripts/pdf.py`` prints with chromium.
The plugin's words are English and fixed in mkdocs.yml; this hook gives the
print page the title and the contents heading of the language being built.

The PDF is made one language at a time (``DLBOOK_LANG``: the i18n plugin's
``build_only_locale``), so that the print page holds one language's pages:
a print build of both languages at once is an error.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

CONTENTS = {"zh": "目录", "en": "Contents"}


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


@event_priority(-150)  # after the i18n plugin has set this language's site name
def on_config(config):
    plugin = print_plugin(config)
    if plugin is None:
        return config
    lang = print_language(config)
    plugin.config["toc_title"] = CONTENTS[lang]
    plugin.print_page.title = config.site_name
    return config
