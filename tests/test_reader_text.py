"""Reader-facing text speaks of the book alone.

No page, docstring, comment or config a reader sees may talk about how the
book was made: its source material ("the seed", "syllabus", "种子材料"), an
issue number ("issue 7") or the course it was written for ("the next
lesson", "下一课": the book has no next lesson).  History lives in git.

"seed" is also an ordinary deep-learning word (a random seed), so the rule
reads prose only and lets the random-number sense through:

* code is never prose: fenced blocks and `inline code` in Markdown, and in
  Python everything but comments and docstrings (``seed=0``,
  ``torch.manual_seed``, ``seed_everything``, ``def f(seed: int)`` pass);
* in prose, "seed" passes only where it plainly means a random seed:
  "random seed", "fixed seed", "three seeds", "seed 0", "seeds every
  generator".  A bare "the seed" is ambiguous in this book and fails; write
  "the random seed".
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What a reader sees: the pages, the snippets, the package, the site config,
# the theme overrides (third-party files under docs/assets/vendor excluded)
# and the documents for readers and contributors.
READER_FACING = ["docs", "snippets", "dlbook", "overrides", "mkdocs.yml",
                 "README.md", "CONTRIBUTING.md", "ARCHITECTURE.md"]
SUFFIXES = {".md", ".py", ".ipynb", ".html", ".yml", ".yaml"}
SKIP_PARTS = {"vendor", "api", "figures", "__pycache__"}  # third-party or generated

# Files known to break the rule today.  Each is an expected failure that
# flips to a strict XPASS failure once its prose is rewritten: then delete
# it from this list.
KNOWN_OFFENDERS = {
}

_META = re.compile(r"\bsyllabus\b|种子材料|\bissues?\s*#?\d+\b|\bnext lesson\b|下一课",
                   re.IGNORECASE)
_SEED = re.compile(r"\bseeds?\b", re.IGNORECASE)  # "seeded", "seeding": always random
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many)"
# words right before "seed" that make it a random seed ...
_RANDOM_BEFORE = re.compile(rf"(?:random|fixed|same|different|another|{_NUMBER})[\s-]+$",
                            re.IGNORECASE)
# ... and right after ("seed 0", "seeds 0,1,2", "seed every generator")
_RANDOM_AFTER = re.compile(r"^[\s=:]*(?:\d|every\b|all\b|python|numpy|torch|the random)",
                           re.IGNORECASE)
_INLINE_CODE = re.compile(r"``.+?``|`[^`\n]+`")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.DOTALL | re.MULTILINE)


def prose_offences(text: str) -> list[str]:
    """The phrases of a piece of prose that talk about how the book was made."""
    text = _INLINE_CODE.sub(" ", text)
    found = [m.group(0) for m in _META.finditer(text)]
    for m in _SEED.finditer(text):
        before, after = text[max(0, m.start() - 20):m.start()], text[m.end():m.end() + 20]
        if not (_RANDOM_BEFORE.search(before) or _RANDOM_AFTER.search(after)):
            found.append(text[max(0, m.start() - 12):m.end() + 12].strip())
    return found


def markdown_prose(text: str) -> str:
    """Markdown without its code: fenced blocks and inline code are removed."""
    return _FENCE.sub("\n", text)


def python_prose(source: str) -> str:
    """A Python file's comments and docstrings: the parts written in English."""
    parts = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                parts.append(tok.string)
        tree = ast.parse(source)
    except (SyntaxError, tokenize.TokenError):  # a notebook cell with magics
        return "\n".join(line for line in source.splitlines() if line.lstrip().startswith("#"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            doc = ast.get_docstring(node)
            if doc:
                parts.append(doc)
    return "\n".join(parts)


def file_prose(path: Path) -> str:
    text = path.read_text("utf-8")
    if path.suffix == ".md":
        return markdown_prose(text)
    if path.suffix == ".py":
        return python_prose(text)
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return "\n".join(
            markdown_prose("".join(c["source"])) if c["cell_type"] == "markdown"
            else python_prose("".join(c["source"])) for c in cells)
    return text  # .yml, .html: all of it is read as prose


def reader_files() -> list[Path]:
    files = []
    for name in READER_FACING:
        path = ROOT / name
        candidates = [path] if path.is_file() else path.rglob("*")
        files += [p for p in candidates if p.is_file() and p.suffix in SUFFIXES
                  and not SKIP_PARTS & set(p.relative_to(ROOT).parts)]
    return sorted(files)


def _param(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    if rel in KNOWN_OFFENDERS:
        reason = ("prose names the book's source material, or says a bare 'seed' "
                  f"that reads the same way: {KNOWN_OFFENDERS[rel]}")
        return pytest.param(path, id=rel, marks=pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(path, id=rel)


@pytest.mark.parametrize("path", [_param(p) for p in reader_files()])
def test_reader_facing_text_does_not_talk_about_how_the_book_was_made(path):
    offences = prose_offences(file_prose(path))
    assert not offences, f"{path.relative_to(ROOT)}: {offences}"


def test_the_known_offenders_still_exist():
    """A renamed or deleted page must leave the list above too."""
    missing = [rel for rel in KNOWN_OFFENDERS if not (ROOT / rel).exists()]
    assert not missing, f"not a file any more: {missing}"


@pytest.mark.parametrize("text", [
    "This is the seed's claim in numbers.",
    "The seed says an RNN cannot be parallel.",
    "这就是种子材料中那句话的数字版本",
    "Following the syllabus, we",
    "added for issue 7",
    "Large language models, the next lesson, push",
    "下一课的大语言模型",
    "depends on the seed (0.52 to 1.00)",
])
def test_the_rule_catches_prose_about_the_source(text):
    assert prose_offences(text)


@pytest.mark.parametrize("text", [
    "We split the data with a fixed seed.",
    "three seeds gave 0.96-0.98",
    "with random seeds 0, 1 and 2",
    "Seed every random number generator the book uses.",
    "Seed Python's random, NumPy and PyTorch.",
    "also seeds every CUDA device",
    "call `seed_everything(0)` first, or pass ``seed=3``",
    "用固定的随机种子把数据划分",
    "Lessons that issue forth",
])
def test_the_rule_lets_the_random_seed_through(text):
    assert not prose_offences(text)


def test_code_is_not_prose():
    source = ('"""Docstring."""\nimport torch\n\n\ndef f(seed: int = 0):\n'
              '    torch.manual_seed(seed)  # reproducible\n    return seed_everything(seed=seed)\n')
    assert not prose_offences(python_prose(source))
    assert prose_offences(python_prose(source.replace("reproducible", "as the seed says")))
    page = "Prose.\n\n```python\nsplit(X, y, seed=0)\nthe seed\n```\n\nMore `seed` prose.\n"
    assert not prose_offences(markdown_prose(page))
