"""What more than one part of the build needs to know of it: its languages,
the ids of a page's headings, and how a diagram that is still mermaid
source looks in a page's HTML."""

from __future__ import annotations

import re


def languages(config) -> tuple[str, str]:
    """(the language being built, the default language)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        lang = config.theme.get("language", "en")
        return lang, lang
    return i18n.current_language, i18n.default_language


def online_home(config) -> str:
    """The language at the root of the online book, for the links a notebook
    gives to its page.  It is the build's default language, except when one
    language is built alone at the root (``make offline``, ``make pdf``:
    the i18n plugin's ``build_only_locale``); the language whose link is
    ``/`` is the home one in every build."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return languages(config)[1]
    return next((lang.locale for lang in i18n.config.languages if lang.link == "/"),
                i18n.default_language)


# What pymdownx.superfences makes of a ```mermaid fence (mkdocs.yml): the
# diagram's source, HTML-escaped, which hooks/diagrams.py swaps for an SVG.
MERMAID_TAG = '<pre class="mermaid">'
MERMAID_PRE = re.compile(MERMAID_TAG + r"<code>(.*?)</code></pre>", re.S)


def undrawn_diagrams(html: str) -> int:
    """How many diagrams ``html`` leaves to mermaid in the reader's browser."""
    return html.count(MERMAID_TAG)


_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.DOTALL)


def toc_ids(items) -> list[str]:
    out = []
    for item in items:
        out.append(item.id)
        out.extend(toc_ids(item.children))
    return out


def fill_empty_heading_ids(html: str, anchors: list[str]) -> str:
    """Give ``<hN id="">`` the id the table of contents links to."""
    count = iter(range(10**6))

    def fix(m: re.Match) -> str:
        i = next(count)
        if m.group(2) or i >= len(anchors):
            return m.group(0)
        anchor = anchors[i]
        body = m.group(3).replace('class="anchor-link" href="#"',
                                  f'class="anchor-link" href="#{anchor}"')
        return f'<h{m.group(1)} id="{anchor}">{body}</h{m.group(1)}>'

    return _HEADING.sub(fix, html)
