"""MkDocs hook: notebook pages (mkdocs-jupyter) that work in both languages
and load nothing from a CDN.

1. i18n.

mkdocs-static-i18n rebuilds the list of files *after* mkdocs-jupyter has
marked the notebooks as pages (ultrabug/mkdocs-static-i18n#198), so without
this hook every notebook is copied as a raw ``.ipynb`` instead of being
executed and rendered, and ``mkdocs build --strict`` does not notice.  This
hook runs after both (lowest priority) and marks them again, keeping the URL
that the i18n plugin chose for each language.  ``tests/test_site.py`` checks
that the built notebook pages really are rendered notebooks.

2. Offline.  nbconvert's HTML template loads MathJax and mermaid from
cdnjs.  ``on_page_content`` removes those scripts; the page's math is then
rendered by the site's own KaTeX (``overrides/main.html``).
"""

from __future__ import annotations

import os
import re

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files


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


def on_page_content(html: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html = _CDN_SCRIPT.sub("", html)
    return html
