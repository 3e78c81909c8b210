"""A book page, turned into a notebook a reader can download and run.

The page is the one source: its prose becomes markdown cells, every Python
block it runs becomes a code cell, in order.  What only makes sense on the
site is rewritten for a notebook:

- ``--8<--`` includes are expanded (by pymdownx.snippets' own preprocessor,
  passed in as ``expand``), so a code cell holds exactly the snippet;
- expected output is dropped (the reader runs the cell and sees it): both the
  ``<!--pytest-codeblocks:expected-output-->`` + ```` ```text ```` form and a
  ```` ```text ```` block that includes a ``<snippet>.out`` file;
- a Python block marked ``<!--pytest.mark.skip...-->`` (torchrun, frameworks
  that are not installed) is shown as markdown code, not run;
- admonitions and content tabs become a bold heading line over their
  (de-indented) body; code annotations ``# (1)!`` become ``# (1)``, and the
  numbered list under the block still explains them;
- math ``\\(..\\)`` / ``\\[..\\]`` becomes ``$..$`` / ``$$..$$``, which
  Jupyter renders;
- relative links point at the page on the site; a figure drawn by the code
  cell above it (``figures/...``) is dropped: running the cell draws it;
- Chinese lines wrapped in the source are joined (``cjk.join_cjk_lines``,
  as on the site): Jupyter, too, shows a newline between two Chinese
  characters as a space.

Everything here is a pure function of text, tested in
``tests/test_notebook_gen.py``; ``hooks/notebooks.py`` calls it during the
build.  The ``.py`` download is the same notebook in jupytext's percent format.
"""

from __future__ import annotations

import copy
import posixpath
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jupytext
import markdown
import nbformat

from bookkit.cjk import join_cjk_lines
from dlbook.check.pages import FENCE, INCLUDE

COMMENT = re.compile(r"^\s*<!--(.*?)-->\s*$")
CONTAINER = re.compile(r'^(?P<indent>\s*)(?P<kind>!!!|\?\?\?\+?|===)\s*(?P<type>[\w-]*)\s*(?:"(?P<title>[^"]*)")?\s*$')
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:")
ANNOTATION = re.compile(r"(#\s*\(\d+\))!")
LINK = re.compile(r'(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?P<title>\s+"[^"]*")?\)(?:\{[^}]*\})?')
INLINE_MATH = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
DISPLAY_MATH = re.compile(r"\\\[(.+?)\\\]", re.DOTALL)
RUN = {"python"}

# The first cell: where the notebook comes from and how to install what it needs.
INSTALL = {
    "zh": "> 本 Notebook 由页面 [{title}]({url}) 生成。运行前先安装 dlbook："
          "克隆 <{repo}>，在仓库根目录执行 `pip install -e .`。",
    "en": "> Generated from the page [{title}]({url}). To run it, install dlbook first: "
          "clone <{repo}> and run `pip install -e .` in its root folder.",
}


@dataclass(frozen=True)
class PageInfo:
    """Where a page lives, for links and the first cell."""

    src: str  # path of the page under its language folder: "cnn/index.md"
    lang: str  # "zh" or "en"
    site_url: str  # "https://example.org/book/"
    default_lang: str = "zh"
    repo_url: str = "https://github.com/dlbook/dlbook"

    def url_of(self, path: str) -> str:
        """The site URL of a file given relative to the language folder."""
        path, _, anchor = path.partition("#")
        if path.endswith((".md", ".ipynb")):
            stem = path.rsplit(".", 1)[0]
            if stem == "index":
                path = ""
            elif stem.endswith("/index"):
                path = stem[: -len("index")]
            else:
                path = stem + "/"
        prefix = "" if self.lang == self.default_lang else f"{self.lang}/"
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base + prefix + path + (f"#{anchor}" if anchor else "")

    @property
    def url(self) -> str:
        return self.url_of(self.src)


def slug(src: str) -> str:
    """The file name of a page's notebook: ``cnn/index.md`` -> ``cnn``,
    ``rnn/memory.md`` -> ``memory``, ``index.md`` -> ``dlbook``."""
    parts = posixpath.splitext(src)[0].split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return parts[-1] if parts else "dlbook"


def chapter(src: str) -> str:
    """The chapter a page belongs to: its top-level folder (or its own name)."""
    first = src.split("/")[0]
    return first if "/" in src else posixpath.splitext(first)[0]


# ---------------------------------------------------------------------------
# Page -> cells


@dataclass
class Cell:
    kind: str  # "markdown" or "code"
    source: str


def _dedent(line: str, n: int) -> str:
    """Remove up to ``n`` leading spaces."""
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(n, stripped):]


def _title(kind: str, type_: str, title: str | None) -> str:
    if title is not None:
        return title or type_.capitalize()
    return type_.capitalize() if type_ else ""


def _is_out_include(body: list[str]) -> bool:
    lines = [b for b in body if b.strip()]
    return len(lines) == 1 and bool(m := INCLUDE.match(lines[0])) and m.group(1).endswith(".out")


def page_cells(text: str, expand: Callable[[str], list[str]]) -> list[Cell]:
    """The page's markdown as notebook cells (before prose rewriting).

    ``expand`` turns one ``--8<--`` line into the lines it includes.
    """
    lines = text.splitlines()
    cells: list[Cell] = []
    md: list[str] = []
    stack: list[int] = []  # indents of the open admonitions / tabs
    pending_output = pending_skip = False

    def flush():
        if any(s.strip() for s in md):
            text = textwrap.dedent("\n".join(md)).strip("\n")
            cells.append(Cell("markdown", re.sub(r"\n{3,}", "\n\n", text)))
        md.clear()

    i = 0
    while i < len(lines):
        raw = lines[i]
        if raw.strip():
            indent = len(raw) - len(raw.lstrip(" "))
            while stack and indent <= stack[-1]:
                stack.pop()
        line = _dedent(raw, 4 * len(stack))
        i += 1

        comment = COMMENT.match(line)
        if comment:
            body = comment.group(1).strip()
            if re.match(r"-*\s*pytest-codeblocks:\s*expected-output", body):
                pending_output = True
            elif re.match(r"-*\s*pytest(-codeblocks)?[.:]\s*(mark\.)?skip", body):
                pending_skip = True
            continue  # every other comment is for the tests or the build
        container = CONTAINER.match(line)
        if container:
            stack.append(len(raw) - len(raw.lstrip(" ")))
            title = _title(container["kind"], container["type"], container["title"])
            if title:  # a paragraph of its own, above the body
                md.extend([f"{container['indent']}**{title}**", ""])
            continue
        fence = FENCE.match(line)
        if fence is None:
            if not ABBREVIATION.match(line):
                md.append(line)
            continue

        # A fenced block: collect its body up to the closing fence.
        fence_indent, ticks, lang = len(fence.group(1)), fence.group(2), fence.group(3)
        body: list[str] = []
        while i < len(lines):
            b = _dedent(lines[i], 4 * len(stack))
            i += 1
            if b.strip().startswith(ticks) and not b.strip().strip(ticks[0]):
                break
            body.append(_dedent(b, fence_indent))
        drop = pending_output or (lang == "text" and _is_out_include(body))
        skip = pending_skip
        pending_output = pending_skip = False
        if drop:
            continue
        expanded: list[str] = []
        for b in body:
            expanded.extend(expand(b) if INCLUDE.match(b) else [b])
        while expanded and not expanded[-1].strip():
            expanded.pop()
        if lang in RUN:
            expanded = [ANNOTATION.sub(r"\1", e) for e in expanded]
        if lang in RUN and not skip:
            flush()
            cells.append(Cell("code", "\n".join(expanded).strip("\n")))
        else:
            pad = " " * fence_indent
            md.append(f"{pad}{ticks}{lang}")
            md.extend(pad + e if e.strip() else "" for e in expanded)
            md.append(f"{pad}{ticks}")
    flush()
    return cells


# ---------------------------------------------------------------------------
# Prose rewriting: math and links


def _split_fences(text: str) -> list[tuple[bool, str]]:
    """(inside a fence?, text) pieces of a markdown cell."""
    out: list[tuple[bool, list[str]]] = []
    ticks = None
    for line in text.split("\n"):
        m = FENCE.match(line)
        inside = ticks is not None
        if ticks is None and m:
            ticks, inside = m.group(2), True
        elif ticks is not None and line.strip().startswith(ticks) and not line.strip().strip(ticks[0]):
            ticks = None
        if not out or out[-1][0] != inside:
            out.append((inside, []))
        out[-1][1].append(line)
    return [(inside, "\n".join(ls)) for inside, ls in out]


def rewrite_prose(text: str, page: PageInfo) -> str:
    """Math that Jupyter renders, links that work outside the site."""
    pieces = []
    for inside, chunk in _split_fences(text):
        if not inside:
            chunk = DISPLAY_MATH.sub(lambda m: f"$${m.group(1)}$$", chunk)
            chunk = INLINE_MATH.sub(lambda m: f"${m.group(1)}$", chunk)
            chunk = LINK.sub(lambda m: _link(m, page), chunk)
        pieces.append(chunk)
    return "\n".join(pieces)


def _link(m: re.Match, page: PageInfo) -> str:
    target = m["target"]
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
        return m.group(0)
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), target.split("#")[0]))
    anchor = target.partition("#")[2]
    if m["bang"]:
        if "figures/" in target:
            return ""  # drawn by the code cell above when the reader runs it
        return f"![{m['text']}]({page.url_of(path)})"
    full = path + (f"#{anchor}" if anchor else "")
    return f"[{m['text']}]({page.url_of(full)}{m['title'] or ''})"


# ---------------------------------------------------------------------------
# Cells -> notebook -> script


def _title_of(cells: list[Cell]) -> str:
    for cell in cells:
        if cell.kind == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def new_notebook(cells: list[Cell], lang: str) -> nbformat.NotebookNode:
    """A notebook with stable cell ids, so the same page gives the same bytes;
    its Markdown cells' Chinese lines joined.

    Built as plain nodes: ``nbformat.v4.new_*_cell`` validates every cell
    against the JSON schema, which cost most of the build's notebook time.
    """
    nodes = []
    for n, cell in enumerate(cells):
        source = join_cjk_lines(cell.source) if cell.kind == "markdown" else cell.source
        node = {"cell_type": cell.kind, "id": f"cell-{n}", "metadata": {}, "source": source}
        if cell.kind == "code":
            node.update(execution_count=None, outputs=[])
        nodes.append(node)
    return nbformat.from_dict({
        "cells": nodes,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "dlbook": {"lang": lang},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    })


def page_notebook(text: str, page: PageInfo, expand: Callable[[str], list[str]]) -> nbformat.NotebookNode | None:
    """The notebook of a page, or None when the page runs no code."""
    cells = page_cells(text, expand)
    if not any(c.kind == "code" for c in cells):
        return None
    for cell in cells:
        if cell.kind == "markdown":
            cell.source = rewrite_prose(cell.source, page)
    cells = [c for c in cells if c.source.strip()]
    first = INSTALL.get(page.lang, INSTALL["en"]).format(
        title=_title_of(cells) or slug(page.src), url=page.url, repo=page.repo_url)
    return new_notebook([Cell("markdown", first), *cells], page.lang)


def to_ipynb(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def to_script(nb: nbformat.NotebookNode) -> str:
    """The notebook as a jupytext percent-format script."""
    return jupytext.writes(nb, fmt="py:percent")


def code_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def include_expander(options: dict, root: Path):
    """``line -> lines`` for one ``--8<--`` line, with pymdownx.snippets'
    own preprocessor configured like the site (without ``auto_append``:
    the glossary's tooltips belong to whole pages, not to a code cell)."""
    options = dict(options)
    options.pop("auto_append", None)
    options["base_path"] = [str(root / p) for p in options.get("base_path", ["."])]
    md = markdown.Markdown(extensions=["pymdownx.snippets"],
                           extension_configs={"pymdownx.snippets": options})
    pre = md.preprocessors["snippet"]

    def expand(line: str) -> list[str]:
        pre.seen = set()  # the same file may be included more than once
        return pre.run([line])

    return expand


# ---------------------------------------------------------------------------
# Hands-on notebooks: one percent-format source, both languages

HANDS_ON_LANGS = ("zh", "en")
MARKER = "# %%"


def read_source(text: str) -> nbformat.NotebookNode:
    """The notebook in a percent-format source, without its header comment."""
    start = text.find(f"\n{MARKER}")
    if not text.startswith(MARKER):
        if start < 0:
            raise ValueError(f"no '{MARKER}' cell marker: not a percent-format notebook")
        text = text[start + 1:]
    nb = jupytext.reads(text, fmt="py:percent")
    for cell in nb.cells:
        lang = cell.metadata.get("lang")
        if lang is not None and lang not in HANDS_ON_LANGS:
            raise ValueError(f"cell lang={lang!r}: expected one of {HANDS_ON_LANGS}")
        if lang is not None and cell.cell_type != "markdown":
            raise ValueError("only markdown cells have a language; code is shared")
    return nb


def for_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The cells shared by both languages, and ``lang``'s own markdown cells."""
    cells = []
    for cell in nb.cells:
        if cell.metadata.get("lang", lang) != lang:
            continue
        cell = copy.deepcopy(cell)
        cell.metadata.pop("lang", None)
        cells.append(cell)
    kinds = [Cell(c.cell_type, c.source) for c in cells]
    out = new_notebook(kinds, lang)
    for new, old in zip(out.cells, cells):
        if old.cell_type == "code":
            new.outputs = old.get("outputs", [])
            new.execution_count = old.get("execution_count")
    return out
