"""The documents for people quote only what exists.

README.md (for a reader and a first contributor), CONTRIBUTING.md (how to
add) and ARCHITECTURE.md (how it works) quote paths, ``make`` targets and
commands.  Each quote is checked against the tree, so a renamed module or a
removed target fails here instead of misleading the next reader:

* a repository path in `backticks`, in a link or in a ``text`` diagram exists (a placeholder such
  as ``snippets/<chapter>/<name>.py`` must match at least one file), or is
  a generated place that ``.gitignore`` names (``.cache/runs/``, ``dist/``);
  a ``dlbook.x.y`` name is a module of the package (and ``y`` a name in it);
* every ``make <target>`` quoted, inline or in a console block, is a rule
  of the ``Makefile``;
* ``python -m <module>`` names a module of the repository or an installed
  one, and the paths a ``python``/``pytest`` command line names exist;
* the README stays short, and none of the three tells how the book was made.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ("README.md", "CONTRIBUTING.md", "ARCHITECTURE.md")
README_MAX_LINES = 120

_OPEN_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
# inline code, which may wrap to the next line but not across a paragraph
_SPAN = r"(?:[^`\n]|\n(?![ \t]*\n))+?"
_INLINE = re.compile(rf"``({_SPAN})``|`({_SPAN})`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_SHELL = {"console", "bash", "sh", "shell"}
# a file name at the root, quoted without a folder: mkdocs.yml, setup.py
_ROOT_FILE = re.compile(
    r"^[\w.-]+\.(?:py|md|yml|yaml|toml|lock|txt|sh|json|cfg|ini|in|js|css|html)$")
_PLACEHOLDER = re.compile(r"<[^<>/]+>")
# a path in a diagram: bookkit/runs.py, .cache/runs/<key>/<variant>/
_DIAGRAM_WORD = re.compile(r"(?<![\w./<>-])[\w.-]+/[\w.<>/-]*\w/?")
_DOTTED = re.compile(r"^dlbook(?:\.\w+)+$")
_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*=")
# how the book came to be is not the readers' business (git keeps it)
_HISTORY = re.compile(r"\bversion \d+\b|\bused to\b|\bdown from\b|\bas before\b|"
                      r"\bbefore that\b|\bwe (?:added|removed|replaced)\b", re.I)


@dataclass(frozen=True)
class Quote:
    document: str
    line: int
    kind: str  # "path", "link", "module", "command"
    text: str

    def __str__(self) -> str:
        return f"{self.document}:{self.line}: {self.text}"


def scan(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """A Markdown text's prose (its fenced blocks blanked, so that lines keep
    their numbers) and the lines of its fenced blocks, each with its 1-based
    line number and its fence's info string."""
    prose, code = [], []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = _OPEN_FENCE.match(lines[i])
        if not m:
            prose.append(lines[i])
            i += 1
            continue
        ticks, info = m.group(2), m.group(3)
        prose.append("")
        i += 1
        while i < len(lines) and lines[i].strip() != ticks:
            code.append((i + 1, info, lines[i]))
            prose.append("")
            i += 1
        prose.append("")  # the closing fence
        i += 1
    return "\n".join(prose), code


def is_command(words: list[str]) -> bool:
    program = next((w for w in words if not _ASSIGNMENT.match(w)), "")
    return Path(program).name in {"make", "python", "python3", "pytest", "bash"}


def quotes(document: str) -> list[Quote]:
    """Everything a document quotes that names a part of the repository."""
    found = []
    prose, code = scan((ROOT / document).read_text("utf-8"))
    for m in _INLINE.finditer(prose):
        n = prose.count("\n", 0, m.start()) + 1
        text = " ".join((m.group(1) or m.group(2)).split())
        words = split_command(text)
        if " " in text and is_command(words):
            found.append(Quote(document, n, "command", text))
        elif _DOTTED.match(text):
            found.append(Quote(document, n, "module", text))
        elif looks_like_path(text):
            found.append(Quote(document, n, "path", text))
    no_code = _INLINE.sub(lambda m: "\n" * m.group(0).count("\n"), prose)
    for m in _LINK.finditer(no_code):
        if not re.match(r"[a-z]+:|#", m.group(1)):
            n = no_code.count("\n", 0, m.start()) + 1
            found.append(Quote(document, n, "link", m.group(1)))
    for n, info, line in code:
        if info == "text":  # a diagram: the repository paths it names
            found += [Quote(document, n, "path", word) for word in _DIAGRAM_WORD.findall(line)
                      if (ROOT / word.split("/")[0]).exists() or is_generated(word)]
        if info in _SHELL:
            text = line.strip().removeprefix("$ ")
            if text and is_command(split_command(text)):
                found.append(Quote(document, n, "command", text))
    return found


def split_command(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:  # an unbalanced quote: not a command
        return text.split()


def looks_like_path(text: str) -> bool:
    if re.search(r"[\s=():'\",;|`]", text) or text.startswith(("-", "/", "~", "$", "./", "../")):
        return False
    return "/" in text or bool(_ROOT_FILE.match(text))


def ignored_patterns() -> list[str]:
    lines = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    return [p.strip().rstrip("/") for p in lines if p.strip() and not p.startswith("#")]


def is_generated(path: str) -> bool:
    """Whether ``.gitignore`` names the path or a folder above it: a place a
    command makes, which a fresh clone does not hold."""
    parts = path.rstrip("/").split("/")
    for pattern in ignored_patterns():
        if "/" in pattern:  # anchored at the root
            if any(fnmatch.fnmatchcase("/".join(parts[:k]), pattern)
                   for k in range(1, len(parts) + 1)):
                return True
        elif any(fnmatch.fnmatchcase(part, pattern) for part in parts):
            return True
    return False


def path_problem(path: str, base: Path = ROOT) -> str | None:
    """Why a quoted repository path is wrong, or None."""
    path = path.split("#")[0].split("::")[0]
    if is_generated(path):
        return None
    pattern = _PLACEHOLDER.sub("*", path.removesuffix("...").removesuffix("/…"))
    if pattern != path or "*" in pattern:
        folder_only = pattern.endswith("/")
        matches = [p for p in base.glob(pattern.rstrip("/")) if p.is_dir() or not folder_only]
        return None if matches else f"no file matches {pattern!r}"
    target = base / path
    if path.endswith("/"):
        return None if target.is_dir() else "no such folder"
    return None if target.exists() else "no such file"


def module_problem(name: str) -> str | None:
    """Why a quoted ``dlbook.x.y`` does not name a module (and a name in it)."""
    folder = ROOT
    parts = name.split(".")
    for i, part in enumerate(parts):
        if (folder / part).is_dir():
            folder = folder / part
            continue
        module = folder / f"{part}.py"
        if not module.exists():
            return f"no module {'.'.join(parts[:i + 1])}"
        rest = parts[i + 1:]
        if rest and not re.search(rf"\b{re.escape(rest[0])}\b", module.read_text("utf-8")):
            return f"{module.relative_to(ROOT)} defines no {rest[0]!r}"
        return None
    return None


def make_targets() -> set[str]:
    """The targets the Makefile has a rule for."""
    targets = set()
    for line in (ROOT / "Makefile").read_text("utf-8").splitlines():
        m = re.match(r"^([^\s#$%:=][^#:=]*?)\s*::?(?!=)", line)
        if m:
            targets.update(m.group(1).split())
    return targets


def python_module_exists(module: str) -> bool:
    local = ROOT / Path(*module.split("."))
    if local.with_suffix(".py").exists() or (local / "__init__.py").exists() \
            or (local / "__main__.py").exists():
        return True
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def command_problems(command: str) -> list[str]:
    """What a quoted command line names that does not exist."""
    words = split_command(command)
    while words and _ASSIGNMENT.match(words[0]):
        words = words[1:]
    program, args = Path(words[0]).name, words[1:]
    problems = []
    if program == "make":
        targets = make_targets()
        problems += [f"make has no target {t!r}" for t in args
                     if not t.startswith("-") and "=" not in t and t not in targets]
    elif program in ("python", "python3") and args[:1] == ["-m"]:
        if len(args) > 1 and args[1] in ("…", "...", "X"):
            pass  # a placeholder: "python -m …"
        elif len(args) < 2 or not python_module_exists(args[1]):
            problems.append(f"no module {args[1] if len(args) > 1 else ''!r} to run")
    elif program in ("python", "python3") and args and not args[0].endswith(".py"):
        problems.append(f"expected a .py file or -m MODULE after {program}, got {args[0]!r}")
    for word in words:
        if looks_like_path(word) and (problem := path_problem(word)):
            problems.append(f"{word}: {problem}")
    return problems


def problems_of(quote: Quote) -> list[str]:
    if quote.kind == "path":
        return [p] if (p := path_problem(quote.text)) else []
    if quote.kind == "link":
        base = (ROOT / quote.document).parent
        return [p] if (p := path_problem(quote.text, base)) else []
    if quote.kind == "module":
        return [p] if (p := module_problem(quote.text)) else []
    return command_problems(quote.text)


ALL_QUOTES = [q for document in DOCUMENTS for q in quotes(document)]


@pytest.mark.parametrize("quote", ALL_QUOTES, ids=str)
def test_what_the_documents_quote_exists(quote):
    problems = problems_of(quote)
    assert not problems, f"{quote.document}:{quote.line} quotes {quote.text!r}: " + "; ".join(
        problems)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_each_document_quotes_paths_targets_and_commands(document):
    """The scan finds what it should (an empty scan would pass everything)."""
    kinds = {q.kind for q in quotes(document)}
    assert {"path", "command"} <= kinds, f"{document}: found only {kinds}"


def test_the_readme_is_short():
    lines = (ROOT / "README.md").read_text("utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines, expected at most {README_MAX_LINES}: "
        "move maintainer detail to CONTRIBUTING.md or ARCHITECTURE.md")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_documents_link_to_each_other(document):
    links = {q.text for q in quotes(document) if q.kind == "link"}
    assert set(DOCUMENTS) - {document} <= links, f"{document} links to {sorted(links)}"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_documents_describe_the_book_not_its_history(document):
    prose, _ = scan((ROOT / document).read_text("utf-8"))
    found = [f"line {prose.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
             for m in _HISTORY.finditer(prose)]
    assert not found, f"{document} tells how the book was made (git keeps that): {found}"


def test_the_checks_catch_what_they_should(tmp_path):
    """Planted faults: a wrong path, a missing make target, a module that
    is not there; and what must pass does."""
    assert path_problem("hooks/no_such_hook.py") == "no such file"
    assert path_problem("snippets/<chapter>/<name>.py") is None
    assert path_problem("snippets/<chapter>/<name>.pyx") is not None
    assert path_problem("tests/test_docs.py/") == "no such folder"
    assert path_problem(".cache/runs/<key>/<variant>/") is None  # generated
    assert path_problem("docs/<lang>/figures/cnn/lenet-1.svg") is None  # generated
    assert command_problems("make test") == []
    assert command_problems("INSTALLER=uv make -j3 test") == []
    assert command_problems('make outputs SNIPPETS="cnn/lenet.py"') == []
    assert command_problems("make test-everything") == [
        "make has no target 'test-everything'"]
    assert command_problems("python -m dlbook check --list") == []
    assert command_problems("python -m no_such_module") == ["no module 'no_such_module' to run"]
    assert command_problems(".venv/bin/pytest -q tests/test_nope.py") == [
        "tests/test_nope.py: no such file"]
    assert module_problem("dlbook.train.History") is None
    assert module_problem("dlbook.no_such_module") == "no module dlbook.no_such_module"
    assert module_problem("dlbook.train.NoSuchThing") is not None
    assert {"test", "serve", "outputs", "test-portable"} <= make_targets()
    assert "STAMP" not in make_targets() and "VENV" not in make_targets()
    page = tmp_path / "DOC.md"
    page.write_text("See `hooks/x.py` and [it](CONTRIBUTING.md).\n\n"
                    "```console\n$ make serve  # a comment\n```\n\n"
                    "````markdown\n```python\n--8<-- \"cnn/lenet.py\"\n```\n````\n", "utf-8")
    prose, code = scan(page.read_text("utf-8"))
    assert [line for _, _, line in code] == [
        "$ make serve  # a comment", '```python', '--8<-- "cnn/lenet.py"', "```"]
    assert _HISTORY.search("This used to be slow") and not _HISTORY.search("a used car")
