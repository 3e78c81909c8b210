"""Test helpers are not tests, imports need no path tricks, and each module
is imported one way.

Shared code of the tests lives in helper modules (``dlbook/check/pages.py``,
``tests/sitecheck.py``, ``tests/conftest.py``), never in a ``test_*.py``
that another test imports: pytest would collect its tests twice, and a
helper's change would look like a test's.  ``scripts/`` and ``tests/`` are
importable through pytest's own ``pythonpath`` setting (``pyproject.toml``),
and the hooks as ``hooks.<name>``, so no file edits ``sys.path``.
``hooks/`` holds only the hooks ``mkdocs.yml`` registers; what they share
is in ``bookkit``, so that no hook imports another under a second name.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ["dlbook", "bookkit", "hooks", "scripts", "tests", "benchmarks", "snippets"]
HOOKS = ROOT / "hooks"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_test_file_imports_another_test_file():
    offenders = {}
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        tests = {m for m in _imported_modules(path) if m.split(".")[-1].startswith("test_")}
        if tests:
            offenders[path.name] = sorted(tests)
    assert not offenders, f"move what they share into a helper module: {offenders}"


def test_nothing_edits_sys_path():
    pattern = re.compile(r"\bsys\.path\.(insert|append|extend)\b|\bsys\.path\s*(\+=|=)")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for d in CODE_DIRS for path in sorted((ROOT / d).rglob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, f"use pytest's pythonpath (pyproject.toml) instead: {offenders}"


def test_the_checks_see_imports():
    """Guards against passing because nothing was parsed."""
    assert "hooks" in _imported_modules(ROOT / "tests" / "test_hooks.py")
    assert "sitecheck" in _imported_modules(ROOT / "tests" / "test_links.py")


def test_hooks_holds_only_the_registered_hooks():
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    registered = set(re.findall(r"^\s*-\s*hooks/(\w+)\.py\b", config, re.MULTILINE))
    assert {p.stem for p in HOOKS.glob("*.py")} == registered


def test_no_module_is_imported_under_a_second_name():
    """A hook imported as ``figures`` and as ``hooks.figures`` would be two
    modules with two states; nothing is loaded from its file path either."""
    hooks = {p.stem for p in HOOKS.glob("*.py")}
    offenders = []
    for d in CODE_DIRS:
        for path in sorted((ROOT / d).rglob("*.py")):
            text = path.read_text("utf-8")
            if "spec_from_file_location" in text and path != Path(__file__):
                offenders.append(f"{path.relative_to(ROOT)}: loads a module by its path")
            bare = {m for m in _imported_modules(path) if m.split(".")[0] in hooks}
            if bare:
                offenders.append(f"{path.relative_to(ROOT)}: imports {sorted(bare)} "
                                 f"(write from hooks import ..., or import it from bookkit)")
    assert not offenders, "\n".join(offenders)
