"""The workarounds of hooks/notebooks.py still do their job, and the one for
ultrabug/mkdocs-static-i18n#198 is still needed (a small site is built with
and without it)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from mkdocs.exceptions import PluginError

from hooks import notebooks
from dlbook.check.pages import ROOT

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Hello"},
        {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": 1,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "2\n"}],
         "source": "print(1 + 1)"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _build(tmp_path, with_hook: bool):
    """A two-language site with one notebook page, built with mkdocs."""
    for lang in ("zh", "en"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "index.md").write_text("# Home\n")
        (tmp_path / "docs" / lang / "nb.ipynb").write_text(json.dumps(NOTEBOOK))
    hooks = f"hooks: [{ROOT / 'hooks' / 'notebooks.py'}]" if with_hook else ""
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: t
        theme: mkdocs
        {hooks}
        plugins:
          - mkdocs-jupyter:
              include: ["*.ipynb"]
              execute: false
          - i18n:
              docs_structure: folder
              languages:
                - {{locale: zh, default: true, name: zh, build: true}}
                - {{locale: en, name: en, build: true}}
        nav:
          - index.md
          - nb.ipynb
        """))
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(tmp_path / "mkdocs.yml"), "-d", str(site)],
                   check=True, cwd=tmp_path, capture_output=True)
    return site


def test_without_the_hook_notebooks_are_not_rendered(tmp_path):
    """If this fails, mkdocs-static-i18n#198 is fixed: drop ``on_files``."""
    site = _build(tmp_path, with_hook=False)
    for page in (site / "nb" / "index.html", site / "en" / "nb" / "index.html"):
        html = page.read_text("utf-8") if page.exists() else ""
        assert "jp-Cell" not in html  # shown as raw JSON, or not at all


def test_with_the_hook_both_languages_render_their_notebook(tmp_path):
    site = _build(tmp_path, with_hook=True)
    for page in (site / "nb" / "index.html", site / "en" / "nb" / "index.html"):
        html = page.read_text("utf-8")
        assert "jp-Cell" in html and "print" in html and "2\n" in html


def test_cdn_scripts_are_removed():
    # nbconvert's shapes: inline loaders that name the CDN, an empty src.
    html = ('<p>x</p><script type="module">import m from "https://cdnjs.cloudflare.com/m.js"'
            '</script><script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>'
            '<script src=""> </script><script>keep()</script>')
    assert notebooks.strip_cdn_scripts(html) == "<p>x</p><script>keep()</script>"


def test_a_cdn_script_that_slips_through_fails_the_build():
    with pytest.raises(PluginError, match="CDN"):
        notebooks.strip_cdn_scripts('<script defer src="https://unpkg.com/x.js"></script>')


def test_css_is_pruned_to_the_classes_on_the_page():
    html = ('<style>.jupyter-wrapper .jp-Cell{color:var(--jp-a)} .jp-Unused{color:red}'
            ':root{--jp-a:var(--jp-b);--jp-b:blue;--jp-c:green}</style>'
            '<div class="jp-Cell jupyter-wrapper"></div>')
    out = notebooks.prune_notebook_css(html)
    assert ".jp-Cell" in out and "jp-Unused" not in out
    assert "--jp-a" in out and "--jp-b:blue" in out and "--jp-c" not in out


def test_empty_heading_ids_get_the_toc_anchor():
    html = '<h1 id="">动手<a class="anchor-link" href="#">¶</a></h1><h2 id="x">X</h2>'
    out = notebooks.fill_empty_heading_ids(html, ["_1", "x"])
    assert out == '<h1 id="_1">动手<a class="anchor-link" href="#_1">¶</a></h1><h2 id="x">X</h2>'
