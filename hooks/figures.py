"""MkDocs hook: every figure on a page comes from a real run of its snippet.

A snippet in ``snippets/`` that calls ``plt.show()`` is run once before the
build, with a matplotlib backend that saves its figures to
``docs/figures/<chapter>/<snippet>-<n>.svg`` (ignored by git, never
committed).  A page shows the figure with
``![...](../figures/<chapter>/<snippet>-1.svg)`` right after the code block
that made it.  Results are cached under ``.cache/figures`` by a hash of the
snippet and of the ``dlbook`` sources, so ``mkdocs serve`` stays fast.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
OUT = ROOT / "docs" / "figures"
CACHE = ROOT / ".cache" / "figures"
BACKEND = Path(__file__).with_name("figure_backend.py")

log = logging.getLogger("mkdocs.hooks.figures")


def figure_snippets() -> list[Path]:
    # (snippets/notebooks/ holds the hands-on notebooks: hooks/handson.py runs them)
    return sorted(
        p for p in SNIPPETS.rglob("*.py")
        if "plt.show()" in p.read_text("utf-8") and p.parent.name != "notebooks"
    )


def _key(snippet: Path) -> str:
    h = hashlib.sha256()
    for p in [snippet, BACKEND, *sorted((ROOT / "dlbook").rglob("*.py"))]:
        h.update(p.read_bytes())
    return h.hexdigest()


def render(snippet: Path) -> list[Path]:
    rel = snippet.relative_to(SNIPPETS).with_suffix("")
    prefix = OUT / rel
    stamp = CACHE / (rel.as_posix().replace("/", "__") + ".key")
    key = _key(snippet)
    made = sorted(prefix.parent.glob(f"{prefix.name}-*.svg"))
    if made and stamp.exists() and stamp.read_text() == key:
        return made
    for old in made:
        old.unlink()
    prefix.parent.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        MPLBACKEND="module://figure_backend",
        PYTHONPATH=os.pathsep.join([str(BACKEND.parent), str(ROOT)]),
        DLBOOK_FIGURE_PREFIX=str(prefix),
    )
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [sys.executable, str(snippet)],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=900,
        )
    if proc.returncode != 0:
        raise PluginError(
            f"figure snippet {snippet.relative_to(ROOT)} failed:\n{proc.stderr[-3000:]}"
        )
    made = sorted(prefix.parent.glob(f"{prefix.name}-*.svg"))
    if not made:
        raise PluginError(f"{snippet.relative_to(ROOT)} calls plt.show() but drew no figure")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    log.info("figures: %s -> %d figure(s)", rel, len(made))
    return made


def on_pre_build(config) -> None:
    for snippet in figure_snippets():
        render(snippet)
