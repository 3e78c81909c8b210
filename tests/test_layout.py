"""Test helpers are not tests, and imports need no path tricks.

Shared code of the tests lives in helper modules (``dlbook/check/pages.py``,
``tests/sitecheck.py``, ``tests/conftest.py``), never in a ``test_*.py``
that another test imports: pytest would collect its tests twice, and a
helper's change would look like a test's.  ``hooks/``, ``scripts/`` and
``tests/`` are importable through pytest's own ``pythonpath`` setting
(``pyproject.toml``), so no file edits ``sys.path``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ["dlbook", "hooks", "scripts", "tests", "benchmarks", "snippets"]


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
