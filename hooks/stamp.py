"""MkDocs hook: what each page's outputs were checked with, for its footer.

Every printed output and figure on a page comes from a real run of its code
in the same environment that builds the site (``make test`` builds, then
compares each run with the committed output).  A reader whose numbers differ
needs to know which versions the book's numbers came from, so every footer
names them, and the "report a problem" link carries them into a new issue.

The values land in ``config.extra.stamp`` and are read by
``overrides/partials/copyright.html`` and ``overrides/main.html``.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def commit(root: Path = ROOT) -> str:
    """The short hash of the checked-out commit, or "unknown" outside git."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def stamp() -> dict[str, str]:
    return {
        "dlbook": _version("dlbook"),
        "torch": _version("torch"),
        "python": platform.python_version(),
        "commit": commit(),
    }


def on_config(config):
    config.extra["stamp"] = stamp()
    return config


def tracked_docs(root: Path = ROOT) -> set[str] | None:
    """Paths under docs/ that git tracks (relative to docs/), or None outside git."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "docs"], cwd=root,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return {p[len("docs/"):] for p in out.stdout.split("\0") if p}


_TRACKED: set[str] | None = None


def on_pre_build(config) -> None:
    global _TRACKED
    _TRACKED = tracked_docs()


def on_page_context(context, page, config, nav):
    # Pages written at build time (the API reference, generated notebooks) have
    # no file of their own in the repository: an edit link would be a 404.
    src = page.file.src_uri
    if _TRACKED is not None and page.edit_url and src not in _TRACKED:
        page.edit_url = None
    return context
