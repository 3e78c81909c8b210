"""MkDocs hook: ``mkdocs serve --dirty`` that shows correct pages (``make serve``).

A full rebuild of both languages takes tens of seconds, so ``make serve``
passes ``--dirty``: after the first, full build, MkDocs renders again only
the pages whose source file is newer than their HTML.  On its own that
serves wrong pages here, in three ways, which this hook repairs.  It does
nothing in ``mkdocs build`` or in a plain ``mkdocs serve``.

1. A page shows code and output from ``snippets/`` (``--8<-- "ch/x.py"``,
   ``--8<-- "ch/x.out"``) and shared text from ``docs/includes/``; an API
   page renders a module's docstrings (``::: dlbook.x``).  When one of
   those files changes, the HTML of every page that uses it is deleted
   before the build, so MkDocs renders those pages again.
2. The navigation on a rebuilt page names every page by its title, and
   MkDocs knows a title only for pages it has read: the pages it skips get
   their title from their source (front matter ``title`` or first ``# ``
   heading; a notebook's first markdown heading), read without rendering.
3. The search plugin would write an index holding only the rebuilt pages.
   The index of the first, full build is written back instead, so search
   keeps finding every page (an edited page's new words are found after a
   restart).  Material's own dirty-reload merge of the index is switched
   off: it assumes one page per rebuild, and with the i18n plugin's merge
   of both languages the index doubled on every save (minutes per rebuild
   after a few saves).

4. Every rebuild makes a new Jinja environment, which compiles the theme's
   templates again (about a second): while serving, compiled templates are
   kept in memory, keyed by their source's checksum as Jinja does.
5. MkDocs warns on every dirty build that the navigation and links may be
   inaccurate, and with ``strict: true`` that warning ends ``mkdocs serve``
   (the i18n plugin builds the second language dirty as well).  This hook is
   what makes them accurate, so while it serves dirty it drops exactly that
   warning, and every other warning still counts.

What stays stale until a restart: other pages' navigation when a page's
title changes, and cross-references into pages that were not rebuilt.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import jinja2
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import get_markdown_title, meta

from dlbook.check.pages import INCLUDE

_dirty_serve = False
_serving = False
_search_indexes: dict[Path, bytes] = {}  # the full build's merged index, by path

# --8<-- "file" or --8<-- 'file' (a ":section" or ":lines" suffix may follow)
# a mkdocstrings block: ::: package.module
AUTODOC = re.compile(r"^:::\s+([\w.]+)\s*$", re.MULTILINE)


DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning about dirty builds (see 5. above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (_dirty_serve and record.levelno == logging.WARNING
                    and str(record.msg).startswith(DIRTY_WARNING))


_FILTER = DirtyWarningFilter()


def on_startup(command: str, dirty: bool) -> None:
    global _dirty_serve, _serving
    _serving = command == "serve"
    _dirty_serve = _serving and dirty
    _search_indexes.clear()
    build_log = logging.getLogger("mkdocs.commands.build")
    if _FILTER not in build_log.filters:
        build_log.addFilter(_FILTER)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept across rebuilds; Jinja checks each source's
    checksum when it loads one, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_templates = MemoryBytecodeCache()


def on_env(env, config, files):
    if _serving:
        env.bytecode_cache = _templates
    return env


def on_config(config):
    search = config.plugins.get("material/search")
    if _dirty_serve and search is not None:
        search.is_dirty = False  # see 3. above
        search.search_index_prev = None
    return config


def _snippet_config(config) -> tuple[list[Path], list[str]]:
    opts = config.mdx_configs.get("pymdownx.snippets", {})
    base = opts.get("base_path", ["."])
    base = [base] if isinstance(base, str) else base
    root = Path(config.config_file_path).parent
    return [root / b for b in base], list(opts.get("auto_append", []))


def _resolve(name: str, bases: list[Path]) -> Path | None:
    for candidate in (name, re.sub(r":[^:/\\]*$", "", name), re.sub(r"(:[^:/\\]*)+$", "", name)):
        for base in bases:
            path = base / candidate
            if path.is_file():
                return path
    return None


def includes(text: str, bases: list[Path], seen: set[Path] | None = None) -> set[Path]:
    """Every file that ``text`` includes with ``--8<--``, followed recursively."""
    seen = set() if seen is None else seen
    for m in filter(None, map(INCLUDE.match, text.splitlines())):
        path = _resolve(m.group(1), bases)
        if path is not None and path not in seen:
            seen.add(path)
            if path.suffix == ".md":
                includes(path.read_text("utf-8"), bases, seen)
    return seen


def modules(text: str, root: Path) -> set[Path]:
    """The source files of the modules a page documents with ``::: a.b``."""
    found = set()
    for m in AUTODOC.finditer(text):
        base = root.joinpath(*m.group(1).split("."))
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                found.add(path)
    return found


def stale_pages(pages, bases: list[Path], always: list[str],
                root: Path | None = None) -> list[Path]:
    """HTML files older than a file their page includes or documents (these
    must be rebuilt).  ``pages`` yields ``(source, html)`` path pairs;
    ``root`` is where documented packages live.
    """
    shared = [p for p in (_resolve(a, bases) for a in always) if p is not None]
    stale = []
    for src, html in pages:
        if not html.is_file() or src.suffix != ".md":
            continue
        built = html.stat().st_mtime
        text = src.read_text("utf-8")
        deps = includes(text, bases) | set(shared)
        if root is not None:
            deps |= modules(text, root)
        if any(d.stat().st_mtime > built for d in deps):
            stale.append(html)
    return stale


@event_priority(-300)  # after the i18n plugin has chosen each file's destination
def on_files(files, config):
    if not _dirty_serve:
        return files
    bases, always = _snippet_config(config)
    pages = [(Path(f.abs_src_path), Path(f.abs_dest_path))
             for f in files.documentation_pages() if f.abs_src_path]
    root = Path(config.config_file_path).parent
    for html in stale_pages(pages, bases, always, root):
        html.unlink()
    return files


def source_title(path: Path) -> str | None:
    """A page's title from its source, without rendering it."""
    text = path.read_text("utf-8")
    if path.suffix == ".ipynb":  # as mkdocs-jupyter: the first level-1 heading
        for cell in json.loads(text).get("cells", []):
            if cell.get("cell_type") == "markdown":
                for line in "".join(cell.get("source", [])).splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
        return None
    markdown, front = meta.get_data(text)
    return front.get("title") or get_markdown_title(markdown)


@event_priority(-300)
def on_nav(nav, config, files):
    if not _dirty_serve:
        return nav
    jupyter = config.plugins.get("mkdocs-jupyter")
    h1_titles = jupyter is not None and not jupyter.config.get("ignore_h1_titles", False)
    for page in nav.pages:
        if not isinstance(page, Page) or page.markdown is not None or page.file.is_modified():
            continue
        notebook = page.file.src_uri.endswith(".ipynb")
        # a title from the nav config stays, except that mkdocs-jupyter
        # replaces it with the notebook's heading when it renders the page
        if "title" not in vars(page) or (notebook and h1_titles):
            title = source_title(Path(page.file.abs_src_path))
            if title:
                page.title = title
    return nav


# After the i18n plugin has built every language and merged their index
# (priority 0), before hooks/i18n.py splits it per language (-200): the
# split then sees every page, as in a full build.
@event_priority(-150)
def on_post_build(config) -> None:
    if not _dirty_serve:
        return
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # an inner, one-language build
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not _search_indexes:  # the first build is a full one: remember its index
        if index.exists():
            _search_indexes[index] = index.read_bytes()
        return
    for path, data in _search_indexes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
