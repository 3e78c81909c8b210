"""MkDocs hook: notebook pages (mkdocs-jupyter) that work in both languages
and load nothing from a CDN.

1. i18n.

mkdocs-static-i18n rebuilds the list of files *after* mkdocs-jupyter has
marked the notebooks as pages (ultrabug/mkdocs-static-i18n#198), so without
this hook every notebook is copied as a raw ``.ipynb`` instead of being
rendered, and ``mkdocs build --strict`` does not notice.  This hook runs
after both (lowest priority) and marks them again, keeping the URL that the
i18n plugin chose for each language.  ``tests/test_notebooks_hook.py`` builds
a small site with and without it (and fails once the bug is fixed upstream);
``tests/test_site.py`` checks the book's notebook pages.  (The notebooks are
generated and executed by ``hooks/handson.py``; mkdocs-jupyter only renders.)

2. Offline.  nbconvert's HTML template loads MathJax and mermaid from
cdnjs.  ``on_page_content`` removes those scripts, and fails the build if a
CDN script survives; the page's math is then rendered by the site's own
KaTeX (``overrides/main.html``).

3. Page weight.  mkdocs-jupyter inlines all of JupyterLab's CSS (~590 KB:
Blueprint widgets, file browser, 80 KB of icons as data URIs) into every
notebook page.  ``on_post_page`` keeps only the rules whose selectors can
match the page (every class they name occurs in the page) and the custom
properties those rules use, which leaves ~30 KB.  ``tests/test_site.py``
holds notebook pages under 500 KB on first load.

4. Anchors.  nbconvert slugs a Chinese heading to an empty id
(``<h1 id="">动手：激活函数``) while the page's table of contents (and the
"skip to content" link) point at Python-Markdown's ``#_1``.  Empty heading
ids get the table of contents' anchor, in order; ``tests/test_links.py``
checks every anchor of the built site.
"""

from __future__ import annotations

import functools
import os
import re

import tinycss2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from bookkit.site import fill_empty_heading_ids, toc_ids


class _I18nNotebook(File):
    """A notebook page with the destination the i18n plugin gave it."""

    def __init__(self, file: File, use_directory_urls: bool) -> None:
        self.file = file
        # The i18n plugin may already have given it a page-like destination
        # ("notebooks/intro/index.html") or kept the raw one ("notebooks/intro.ipynb").
        stem = file.dest_uri
        for suffix in ("/index.html", ".html", ".ipynb"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        self.dest_uri = f"{stem}/index.html" if use_directory_urls else f"{stem}.html"
        self.abs_dest_path = os.path.normpath(os.path.join(file._site_dir_for_hook, self.dest_uri))
        self.url = f"{stem}/" if use_directory_urls else f"{stem}.html"

    def __getattr__(self, item):
        return getattr(self.__dict__["file"], item)

    def is_documentation_page(self) -> bool:
        return True


@event_priority(-200)
def on_files(files: Files, config) -> Files:
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    # Swap the files inside the i18n plugin's own Files object: its class
    # knows how to find "neuron.md" under "en/" for the English build.
    for f in list(files):
        if f.src_uri.endswith(".ipynb") and not f.is_documentation_page() and jupyter.should_include(f):
            f._site_dir_for_hook = config.site_dir
            files.remove(f)
            files.append(_I18nNotebook(f, config.use_directory_urls))
    return files


_CDN_SCRIPT = re.compile(
    r"<script[^>]*>(?:(?!</script>).)*?(?:cdnjs|MathJax)(?:(?!</script>).)*?</script>"
    r'|<script src="">\s*</script>',
    re.DOTALL,
)


def strip_cdn_scripts(html: str) -> str:
    """The notebook HTML without nbconvert's CDN scripts; raises if one
    survives (the template changed and the pattern no longer matches)."""
    html = _CDN_SCRIPT.sub("", html)
    left = re.search(r"<script[^>]*(?:cdnjs|cdn\.jsdelivr|unpkg)[^>]*>", html)
    if left:
        raise PluginError(f"notebook page still loads a CDN script: {left.group(0)}")
    return html


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html = strip_cdn_scripts(html)
    return html


# ---------------------------------------------------------------------------
# 3. Page weight: prune the JupyterLab CSS that mkdocs-jupyter inlines.

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
_CLASS_ATTR = re.compile(r"""\sclass=(?:"([^"]*)"|'([^']*)')""")
_SEL_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")


def _keep_selector(selector: str, classes: set[str]) -> bool:
    """True when every class the selector names occurs in the page."""
    return all(c in classes for c in _SEL_CLASS.findall(selector))


def _split_selectors(prelude) -> list[str]:
    """A selector list split at its top-level commas (not inside :is(...))."""
    parts, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [tinycss2.serialize(p).strip() for p in parts]


@functools.lru_cache(maxsize=8)
def _parsed(css: str) -> tuple:
    """A stylesheet, parsed once per process (each notebook page of each
    language inlines the same one): ("rule", selectors, declarations),
    ("group", "@media ...", parsed body) or ("as is", text), keyframes left
    out (they belong to JupyterLab's widgets, not to static cells)."""
    return _parse_rules(tinycss2.parse_stylesheet(css, skip_comments=True,
                                                  skip_whitespace=True))


def _parse_rules(rules) -> tuple:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            decls = tuple((d.name, tinycss2.serialize(d.value).strip(), d.important)
                          for d in tinycss2.parse_declaration_list(
                              rule.content, skip_comments=True, skip_whitespace=True)
                          if d.type == "declaration")
            out.append(("rule", tuple(_split_selectors(rule.prelude)), decls))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            inner = tinycss2.parse_rule_list(rule.content or [], skip_comments=True,
                                             skip_whitespace=True)
            prelude = tinycss2.serialize(rule.prelude).strip()
            out.append(("group", f"@{rule.at_keyword} {prelude}", _parse_rules(inner)))
        elif rule.type == "at-rule" and "keyframes" in rule.lower_at_keyword:
            continue
        elif rule.type == "at-rule":
            out.append(("as is", tinycss2.serialize([rule])))
    return tuple(out)


def _prune_rules(rules: tuple, classes: set[str]) -> list:
    """[head, declarations | nested list | None] for the rules that can match."""
    kept = []
    for rule in rules:
        if rule[0] == "rule":
            alive = [s for s in rule[1] if _keep_selector(s, classes)]
            if alive:
                kept.append([",".join(alive), list(rule[2])])
        elif rule[0] == "group":
            body = _prune_rules(rule[2], classes)
            if body:
                kept.append([rule[1], body])
        else:
            kept.append([rule[1], None])
    return kept


def _declarations(rules):
    for head, body in rules:
        if isinstance(body, list) and body and isinstance(body[0], list):
            yield from _declarations(body)
        elif body:
            yield from body


def _serialize(rules, used: set[str]) -> str:
    out = []
    for head, body in rules:
        if body is None:
            out.append(head)
        elif body and isinstance(body[0], list):
            out.append(f"{head}{{{_serialize(body, used)}}}")
        else:
            decls = ";".join(f"{n}:{v}{' !important' if imp else ''}" for n, v, imp in body
                             if not n.startswith("--jp-") or n in used)
            if decls:
                out.append(f"{head}{{{decls}}}")
    return "".join(out)


def _used_variables(rules) -> set[str]:
    """The custom properties that kept rules read, following var() chains."""
    values: dict[str, list[str]] = {}
    used: set[str] = set()
    for name, value, _ in _declarations(rules):
        if name.startswith("--"):
            values.setdefault(name, []).append(value)
        else:
            used.update(_VAR_USE.findall(value))
    todo = list(used)
    while todo:
        for value in values.get(todo.pop(), []):
            for v in _VAR_USE.findall(value):
                if v not in used:
                    used.add(v)
                    todo.append(v)
    return used


def prune_notebook_css(html: str) -> str:
    """The page with its JupyterLab ``<style>`` blocks cut to what it uses."""
    classes = {c for a, b in _CLASS_ATTR.findall(html) for c in (a or b).split()}

    def prune(m: re.Match) -> str:
        css = m.group(2)
        if "jupyter-wrapper" not in css:
            return m.group(0)
        kept = _prune_rules(_parsed(css), classes)
        return m.group(1) + _serialize(kept, _used_variables(kept)) + m.group(3)

    return _STYLE.sub(prune, html)


def on_post_page(output: str, page, config) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        output = prune_notebook_css(output)
        output = fill_empty_heading_ids(output, toc_ids(page.toc))
    return output
