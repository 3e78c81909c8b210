"""Read the book's pages: which code they show, in which order, with which
output.

A page shows a snippet and what it prints like this (both languages alike)::

    ```python
    --8<-- "cnn/conv_by_hand.py"
    ```

    ```text
    --8<-- "cnn/conv_by_hand.out"
    ```

Two HTML comments, written on the line(s) before a fence, change how it runs:

* ``<!--pytest-codeblocks:cont-->``: the block continues the previous one
  (same namespace), as a reader runs the blocks of a page one after another;
  the previous block and its continuations form one *chain*, run as one test.
* ``<!--pytest.mark.skip(reason="...")-->``: the block is shown, not run
  (a worker script that a later shell block launches), or not run here: a
  reason ``runs in make <target>`` names the run that checks it instead
  (TensorFlow, MindSpore and PaddlePaddle, each in its own environment:
  ``make test-frameworks``); only such a block may show an output.

The one reader of the pages: the hooks, the tests, the scripts,
pytest-codeblocks' plugin (``conftest.py``) and ``dlbook/check/book.py``
use it, and its two patterns (``FENCE``, ``INCLUDE``) are the only ones in
the book's machinery that match a fence or an include.  ``setup.py``
imports it when a wheel is built, before anything but the standard library
is installed: so it imports nothing else, and it only reads files (``make
outputs`` writes them: ``bookkit/runs.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository (a clone)
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
LANGS = ("zh", "en")
# Fences that the tests run.  Anything else is shown, not run.
RUN_SYNTAX = {"python", "bash", "sh"}
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+["\']([^"\']+)["\']\s*$')
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)(.*)$")
MARKER = re.compile(r"^\s*<!--\s*(pytest[^>]*?)\s*-->\s*$")
CONT = re.compile(r"^pytest-codeblocks:\s*cont$")
SKIP = re.compile(r"""^pytest\.mark\.skip(?:\(\s*(?:reason\s*=\s*)?["']?(.*?)["']?\s*\))?$""")
# the skip reason of a block that another make target runs and checks
RUNS_IN = re.compile(r"\bruns in make ([\w-]+)")


class PageError(ValueError):
    """A page that breaks the format above (said loudly, never skipped)."""


@dataclass(frozen=True)
class Block:
    """One fence that runs (``python``/``bash``/``sh``) and the output shown
    after it."""

    page: Path
    line: int  # 1-based line of the opening fence
    syntax: str
    include: str | None  # "ch/name.py" when the fence is one include
    inline: str  # the fence's text when it is not
    cont: bool = False
    skip: str | None = None  # the reason, when shown but not run
    output: str | None = None  # "ch/name.out" of the text fence after it

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(_root_of(self.page) / 'docs')}:{self.line}"

    @property
    def snippet(self) -> Path | None:
        return _root_of(self.page) / "snippets" / self.include if self.include else None

    @property
    def code(self) -> str:
        return self.snippet.read_text("utf-8") if self.snippet else self.inline

    @property
    def expected_output(self) -> str | None:
        return ((_root_of(self.page) / "snippets" / self.output).read_text("utf-8")
                if self.output else None)

    @property
    def runs_in(self) -> str | None:
        """The make target that runs a skipped block, if its reason names one."""
        m = RUNS_IN.search(self.skip or "")
        return m.group(1) if m else None

    @property
    def shape(self) -> tuple:
        """What must be equal between the two languages."""
        return (self.syntax, self.include, self.inline, self.cont, self.skip, self.output)


@dataclass
class Chain:
    """Blocks run one after another in one namespace: one test."""

    blocks: list[Block]
    shown_on: list[str] = field(default_factory=list)  # "page:line" of each language

    @property
    def key(self) -> tuple:
        return tuple((b.syntax, b.include or b.inline) for b in self.blocks)

    @property
    def syntax(self) -> str:
        return self.blocks[0].syntax

    @property
    def skip(self) -> str | None:
        return self.blocks[0].skip

    @property
    def in_notebook(self) -> bool:
        """Whether its page's notebook runs it: every Python block that runs
        is a cell of it (``tests/test_notebooks.py``); a shell block is not."""
        return not self.skip and all(b.syntax == "python" for b in self.blocks)

    @property
    def id(self) -> str:
        first = self.blocks[0].include or self.blocks[0].id
        return first + (f"+{len(self.blocks) - 1}" if len(self.blocks) > 1 else "")


def pages(lang: str, suffix: str = ".md", root: Path = ROOT) -> list[Path]:
    """The pages of one language of the book at ``root`` (this repository's)."""
    return sorted((Path(root) / "docs" / lang).rglob(f"*{suffix}"))


def _markers(lines: list[str], fence: int) -> tuple[bool, str | None]:
    """The cont / skip comments on the lines just before a fence."""
    cont, skip = False, None
    i = fence - 1
    while i >= 0 and (not lines[i].strip() or MARKER.match(lines[i])):
        m = MARKER.match(lines[i])
        if m:
            text = m.group(1).strip()
            if CONT.match(text):
                cont = True
            elif (s := SKIP.match(text)) is not None:
                skip = s.group(1) or "shown, not run"
            else:
                raise PageError(f"unknown marker {text!r} before line {fence + 1}")
        i -= 1
    return cont, skip


@dataclass(frozen=True)
class Fence:
    """A fenced block: its opening line ``start`` and closing line ``end``
    (0-based indexes into the page's lines)."""

    start: int
    end: int
    indent: str
    syntax: str


def fences(lines: list[str]) -> list[Fence]:
    """Every fenced block of a page, in order."""
    found, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, ticks, syntax, _ = m.groups()
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(ticks):
            j += 1
        found.append(Fence(i, j, indent, syntax))
        i = j + 1
    return found


@cache
def _blocks(page: Path, mtime: float) -> tuple[Block, ...]:
    lines = page.read_text("utf-8").splitlines()
    found: list[Block] = []
    for fence in fences(lines):
        i, j, indent, syntax = fence.start, fence.end, fence.indent, fence.syntax
        body = [line for line in lines[i + 1:j] if line.strip()]
        includes = [INCLUDE.match(line) for line in body]
        only_include = includes[0].group(1) if len(body) == 1 and includes[0] else None
        where = f"{page.relative_to(_root_of(page))}:{i + 1}"
        if syntax in RUN_SYNTAX:
            cont, skip = _markers(lines, i)
            if cont and not found:
                raise PageError(f"{where}: a block marked cont has no block before it")
            inline = "" if only_include else "\n".join(
                line[len(indent):] for line in lines[i + 1:j]) + "\n"
            found.append(Block(page, i + 1, syntax, only_include, inline, cont, skip))
        elif only_include and only_include.endswith(".out"):
            if not found or found[-1].output is not None:
                raise PageError(f"{where}: output {only_include} follows no code block")
            last = found[-1]
            found[-1] = Block(last.page, last.line, last.syntax, last.include,
                              last.inline, last.cont, last.skip, only_include)
    return tuple(found)


def blocks(page: Path) -> list[Block]:
    """The blocks of a page that run, in order, with their outputs."""
    return list(_blocks(page, page.stat().st_mtime))


def chains(page: Path) -> list[Chain]:
    """A page's blocks grouped into what runs as one test."""
    out: list[Chain] = []
    for block in blocks(page):
        if block.cont and out:
            if out[-1].skip or block.skip:
                raise PageError(f"{block.id}: a skipped block cannot be continued or continue")
            out[-1].blocks.append(block)
        else:
            out.append(Chain([block]))
        out[-1].shown_on.append(block.id)
    return out


def all_chains() -> list[Chain]:
    """Every chain of the book once, though both languages show it."""
    seen: dict[tuple, Chain] = {}
    for lang in LANGS:
        for page in pages(lang):
            for chain in chains(page):
                if chain.key in seen:
                    seen[chain.key].shown_on.append(chain.shown_on[0])
                else:
                    seen[chain.key] = chain
    return list(seen.values())


@cache
def _root_of(page: Path) -> Path:
    """The book a page belongs to: this repository, or a test's book."""
    if page.is_relative_to(ROOT):
        return ROOT
    found = book_of(page)
    if found is None:
        raise PageError(f"expected a page under a book's docs/ (with snippets/ beside "
                        f"it), got {page}")
    return found


def book_of(path: Path) -> Path | None:
    """The folder of the book a Markdown file is a page of: the parent of
    the ``docs/`` folder above it, when ``snippets/`` sits beside that."""
    for folder in path.resolve().parents:
        if folder.name == "docs" and (folder.parent / "snippets").is_dir():
            return folder.parent
    return None


def codeblocks_text(page: Path) -> tuple[str, list[int]]:
    """The page as pytest-codeblocks reads it, and for each of its lines the
    page's line it comes from (1-based)."""
    snippets = book_of(page) / "snippets"
    lines = page.read_text("utf-8").splitlines()
    text: list[str] = []
    where: list[int] = []
    shown: list[str] = []  # the outputs of the chain so far
    after = 0  # where they go: after the chain's last block, before any marker

    def emit(line: str, n: int) -> None:
        text.append(line)
        where.append(n)

    def end_of_chain(n: int) -> None:
        if shown:
            fence = ["<!--pytest-codeblocks:expected-output-->", "```text",
                     *"".join(shown).splitlines(), "```"]
            text[after:after] = fence
            where[after:after] = [n] * len(fence)
            shown.clear()

    prose = 0  # the first line after the last fence
    for fence in fences(lines):
        i, j, indent, syntax = fence.start, fence.end, fence.indent, fence.syntax
        for k in range(prose, i):
            emit(lines[k], k + 1)
        prose = j + 1  # a fence that does not run is left out
        body = lines[i + 1:j]
        includes = [INCLUDE.match(line) for line in body if line.strip()]
        if syntax in RUN_SYNTAX:
            if not _markers(lines, i)[0]:  # not marked cont: a new chain
                end_of_chain(i + 1)
            emit(f"{indent}```{syntax}", i + 1)
            for n, line in enumerate(body, start=i + 2):
                inc = INCLUDE.match(line)
                code = ((snippets / inc.group(1)).read_text("utf-8").splitlines()
                        if inc else [line[len(indent):]])
                for c in code:
                    emit(indent + c if c else "", n)
            emit(f"{indent}```", j + 1)
            after = len(text)
        elif len(includes) == 1 and includes[0] and includes[0].group(1).endswith(".out"):
            shown.append((snippets / includes[0].group(1)).read_text("utf-8"))
    for k in range(prose, len(lines)):
        emit(lines[k], k + 1)
    end_of_chain(len(lines))
    return "\n".join(text) + "\n", where


def output_path(snippet: Path) -> Path:
    """Where the output of a snippet lives: beside it, ``.out``."""
    return snippet.with_suffix(".out")


def notebook_code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text("utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def counterpart(page: Path) -> Path:
    """The same page in the other language."""
    rel = page.relative_to(DOCS)
    other = "en" if rel.parts[0] == "zh" else "zh"
    return DOCS / other / Path(*rel.parts[1:])
