"""Read the book's pages the way the site renders them.

Shared by the tests: which pages exist in each language, their code blocks
with ``--8<--`` includes expanded by pymdownx.snippets' own preprocessor
(configured from ``mkdocs.yml``), and where each expanded line came from, so
a failing block is reported as page + snippet file + line.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import markdown
from mkdocs.config import load_config
from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
LANGS = ("zh", "en")
# Fences that the tests run.  Anything else is shown, not run.
RUN_SYNTAX = {"python", "bash", "sh"}
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+["\']([^"\']+)["\']\s*$')


@dataclass(frozen=True)
class Origin:
    path: Path  # the page or the snippet file the line comes from
    line: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@dataclass
class Block:
    page: Path
    fence_line: int  # line of the opening fence, in the page as written
    syntax: str
    code: str
    expected_output: str | None
    marks: list[str]
    importorskip: str | None
    origins: list[Origin]  # one per line of ``code``

    @property
    def id(self) -> str:
        return f"{self.page.relative_to(DOCS)}:{self.fence_line}"

    @property
    def snippet_files(self) -> list[Path]:
        seen = dict.fromkeys(o.path for o in self.origins if o.path != self.page)
        return list(seen)


def pages(lang: str, suffix: str = ".md") -> list[Path]:
    return sorted((DOCS / lang).rglob(f"*{suffix}"))


@cache
def _snippet_preprocessor():
    config = load_config(str(ROOT / "mkdocs.yml"))
    options = dict(config["mdx_configs"]["pymdownx.snippets"])
    # auto_append adds the glossary's tooltips to whole pages; the tests
    # expand one include at a time, where it would land inside code.
    options.pop("auto_append", None)
    options["base_path"] = [str(ROOT / p) for p in options.get("base_path", ["."])]
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": options},
    )
    return md.preprocessors["snippet"]


def expand(page: Path) -> tuple[str, list[Origin]]:
    """The page's markdown with includes expanded, and each line's origin."""
    pre = _snippet_preprocessor()
    lines: list[str] = []
    origins: list[Origin] = []
    for n, raw in enumerate(page.read_text("utf-8").splitlines(), start=1):
        m = INCLUDE.match(raw)
        if m is None:
            lines.append(raw)
            origins.append(Origin(page, n))
            continue
        snippet = SNIPPETS / m.group(1)
        pre.seen = set()  # allow the same file to be included more than once
        expanded = pre.run([raw])
        lines.extend(expanded)
        origins.extend(Origin(snippet, i) for i in range(1, len(expanded) + 1))
    return "\n".join(lines) + "\n", origins


def blocks(page: Path) -> list[Block]:
    """Every fenced block of a page, as rendered (includes expanded)."""
    text, origins = expand(page)
    out = []
    # pytest-codeblocks merges "cont" blocks; find each block's lines by
    # walking the expanded text the same way it does.
    fence_lines = _fence_code_lines(text)
    for cb in extract_from_buffer(io.StringIO(text)):
        code_lines = fence_lines.get(cb.lineno, [])
        out.append(
            Block(
                page=page,
                fence_line=origins[cb.lineno - 1].line,
                syntax=(cb.syntax or "").strip(),
                code=cb.code,
                expected_output=cb.expected_output,
                marks=list(cb.marks),
                importorskip=cb.importorskip,
                origins=[origins[i - 1] for i in code_lines],
            )
        )
    return out


def _fence_code_lines(text: str) -> dict[int, list[int]]:
    """Map the line of each opening fence to the line numbers of its code,
    following <!--pytest-codeblocks:cont--> like pytest-codeblocks does."""
    result: dict[int, list[int]] = {}
    lines = text.splitlines()
    i = 0
    last_fence = None
    cont = False
    expect_output = False
    while i < len(lines):
        s = lines[i].strip()
        if re.match(r"<!--[-\s]*pytest-codeblocks:\s*cont", s):
            cont = True
        elif re.match(r"<!--[-\s]*pytest-codeblocks:\s*expected-output", s):
            expect_output = True
        if s.startswith("```"):
            ticks = len(s) - len(s.lstrip("`"))
            start = i + 1
            j = start
            while j < len(lines) and not lines[j].lstrip().startswith("`" * ticks):
                j += 1
            body = list(range(start + 1, j + 1))  # 1-based
            if cont and last_fence is not None:
                result[last_fence].extend(body)
            elif expect_output:
                pass
            else:
                result[i + 1] = body
                last_fence = i + 1
            cont = expect_output = False
            i = j + 1
            continue
        i += 1
    return result


def notebook_code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text("utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def counterpart(page: Path) -> Path:
    """The same page in the other language."""
    rel = page.relative_to(DOCS)
    other = "en" if rel.parts[0] == "zh" else "zh"
    return DOCS / other / Path(*rel.parts[1:])
