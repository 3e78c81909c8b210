"""MkDocs hook: every page that runs code can be taken home.

For each page with a Python block, the build writes beside the page, in the
page's language (``bookkit/notebook_gen.py`` does the conversion):

- ``<slug>.ipynb``: the page as a notebook, and
- ``<slug>.py``: the same notebook as a jupytext percent-format script,

and for each chapter (a top-level folder such as ``cnn/``) one
``downloads/<chapter>.zip`` of its notebooks, the hands-on notebooks
included.  Nothing is written into ``docs/``: the files go straight into the
site, so ``mkdocs serve`` does not see them and rebuild.  The buttons are drawn
by ``overrides/main.html`` from the ``dlbook_downloads`` list this hook adds to
each page's template context.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from pathlib import Path

import nbformat

from bookkit import notebook_gen
from bookkit.site import languages, online_home

ROOT = Path(__file__).resolve().parents[1]

TITLES = {
    "zh": {"ipynb": "下载 Notebook（.ipynb）", "py": "下载 Python 脚本（.py）",
           "zip": "下载本章全部 Notebook（.zip）"},
    "en": {"ipynb": "Download the notebook (.ipynb)", "py": "Download as a Python script (.py)",
           "zip": "Download this chapter's notebooks (.zip)"},
}
ICONS = {"ipynb": "download", "py": "language-python", "zip": "folder-zip"}

# (lang, chapter) -> {name in the zip: notebook bytes}; every build adds to it
# and writes the zips at the end.
_chapters: dict[tuple[str, str], dict[str, bytes]] = {}
_expander = None


def _write(site_dir: str, uri: str, data: bytes) -> None:
    path = os.path.join(site_dir, *uri.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def on_config(config):
    global _expander
    _expander = notebook_gen.include_expander(config.mdx_configs.get("pymdownx.snippets", {}), ROOT)
    return config


def _page_notebook(page, config, lang: str):
    """(notebook, src under the language folder), or (None, src)."""
    src = page.file.src_uri
    if src.startswith(f"{lang}/"):
        src = src[len(lang) + 1:]
    if src.endswith(".ipynb"):
        return nbformat.read(page.file.abs_src_path, as_version=4), src
    if not src.endswith(".md") or page.markdown is None:
        return None, src
    info = notebook_gen.PageInfo(src=src, lang=lang, site_url=config.site_url or "/",
                                 default_lang=online_home(config), repo_url=config.repo_url)
    text = Path(page.file.abs_src_path).read_text("utf-8")
    return notebook_gen.page_notebook(text, info, _expander), src


def on_page_context(context, page, config, nav):
    lang, default = languages(config)
    nb, src = _page_notebook(page, config, lang)
    if nb is None:
        return context
    prefix = "" if lang == default else f"{lang}/"
    here = posixpath.dirname(page.file.dest_uri)
    name = notebook_gen.slug(src)
    ipynb = notebook_gen.to_ipynb(nb).encode()
    if src.endswith(".ipynb"):
        # mkdocs-jupyter copies the notebook itself beside its page.
        ipynb_uri = posixpath.join(here, posixpath.basename(src))
    else:
        ipynb_uri = posixpath.join(here, f"{name}.ipynb")
        _write(config.site_dir, ipynb_uri, ipynb)
    py_uri = posixpath.join(here, f"{name}.py")
    _write(config.site_dir, py_uri, notebook_gen.to_script(nb).encode())
    chapter = notebook_gen.chapter(src)
    _chapters.setdefault((lang, chapter), {})[f"{chapter}/{name}.ipynb"] = ipynb
    zip_uri = f"{prefix}downloads/{chapter}.zip"
    titles = TITLES.get(lang, TITLES["en"])
    context["dlbook_downloads"] = [
        {"kind": kind, "href": uri, "name": filename, "title": titles[kind], "icon": ICONS[kind]}
        for kind, uri, filename in [
            ("ipynb", ipynb_uri, posixpath.basename(ipynb_uri)),
            ("py", py_uri, posixpath.basename(py_uri)),
            ("zip", zip_uri, f"dlbook-{chapter}-{lang}.zip"),
        ]
    ]
    return context


def chapter_zip(notebooks: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on its contents (fixed dates, sorted)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(notebooks):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, notebooks[name])
    return buf.getvalue()


def on_post_build(config) -> None:
    _, default = languages(config)
    for (lang, chapter), notebooks in _chapters.items():
        prefix = "" if lang == default else f"{lang}/"
        _write(config.site_dir, f"{prefix}downloads/{chapter}.zip", chapter_zip(notebooks))
