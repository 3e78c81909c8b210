"""MkDocs hook: every figure on a page comes from a real run of its snippet.

A snippet in ``snippets/`` that calls ``plt.show()`` is run once before the
build, with the matplotlib backend ``figure_backend.py``: its ``plt.show()``
pickles the figures.  Then ``figure_draw.py`` draws each figure in every
language: as the snippet made it into
``docs/en/figures/<chapter>/<snippet>-<n>.svg``, and translated through
``snippets/figures.<lang>.yml`` into
``docs/<lang>/figures/...`` (both ignored by git, never committed).  A page
in ``docs/<lang>/<chapter>/`` shows its language's figure with the same link
on every language's page: ``![...](../figures/<chapter>/<snippet>-1.svg)``.

Two caches under ``.cache/figures``, so ``mkdocs serve`` stays fast:
running a snippet is redone only when the snippet, the ``dlbook`` sources or
the backend change; drawing is redone when that, the drawing code or a
translation table changes (seconds, no snippet runs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
CACHE = ROOT / ".cache" / "figures"
BACKEND = Path(__file__).with_name("figure_backend.py")
DRAW = Path(__file__).with_name("figure_draw.py")
TEXT = Path(__file__).with_name("figure_text.py")
SOURCE_LANG = "en"

log = logging.getLogger("mkdocs.hooks.figures")


def figure_snippets() -> list[Path]:
    # (snippets/notebooks/ holds the hands-on notebooks: hooks/handson.py runs them)
    return sorted(
        p for p in SNIPPETS.rglob("*.py")
        if "plt.show()" in p.read_text("utf-8") and p.parent.name != "notebooks"
    )


def tables() -> dict[str, Path]:
    """Translation tables by language: ``snippets/figures.zh.yml`` -> zh."""
    return {p.name.split(".")[1]: p for p in sorted(SNIPPETS.glob("figures.*.yml"))}


def job(snippet: Path) -> dict:
    """Where a snippet's pickles and each language's SVGs go (for the backend)."""
    rel = snippet.relative_to(SNIPPETS).with_suffix("")
    langs = [SOURCE_LANG, *tables()]
    return {
        "snippet": snippet.relative_to(ROOT).as_posix(),
        "pickles": str(CACHE / "runs" / rel),
        "out": {lang: str(DOCS / lang / "figures" / rel) for lang in langs},
        "tables": {lang: str(p) for lang, p in tables().items()},
    }


def _hash(paths: list[Path], *extra: str) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    for e in extra:
        h.update(e.encode())
    return h.hexdigest()


def run_key(snippet: Path) -> str:
    return _hash([snippet, BACKEND, *sorted((ROOT / "dlbook").rglob("*.py"))])


def draw_key(snippet: Path) -> str:
    return _hash([DRAW, TEXT, *tables().values()], run_key(snippet),
                 version("noto-cjk-sans-otc"), version("matplotlib"))


def _stamp(snippet: Path, kind: str) -> Path:
    rel = snippet.relative_to(SNIPPETS).with_suffix("").as_posix()
    return CACHE / "stamps" / f"{rel.replace('/', '__')}.{kind}"


def _made(prefix: str, suffix: str) -> list[Path]:
    p = Path(prefix)
    return sorted(p.parent.glob(f"{p.name}-*{suffix}"))


def is_drawn(snippet: Path) -> bool:
    stamp, j = _stamp(snippet, "draw"), job(snippet)
    n = len(_made(j["pickles"], ".pickle"))
    return (stamp.exists() and stamp.read_text() == draw_key(snippet) and n > 0
            and all(len(_made(prefix, ".svg")) == n for prefix in j["out"].values()))


def _env(**extra: str) -> dict:
    path = os.pathsep.join([str(BACKEND.parent), str(ROOT)])
    return dict(os.environ, PYTHONPATH=path, **extra)


def run(snippet: Path) -> None:
    """Run a snippet; its ``plt.show()`` pickles its figures."""
    stamp, j = _stamp(snippet, "run"), job(snippet)
    key = run_key(snippet)
    if stamp.exists() and stamp.read_text() == key and _made(j["pickles"], ".pickle"):
        return
    for old in _made(j["pickles"], ".pickle"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [sys.executable, str(snippet)],
            cwd=tmp, capture_output=True, text=True, timeout=1800,
            env=_env(MPLBACKEND="module://figure_backend",
                     DLBOOK_FIGURE_JOB=json.dumps(j)),
        )
    if proc.returncode != 0:
        raise PluginError(
            f"figure snippet {j['snippet']} failed:\n{proc.stderr[-3000:]}")
    if not _made(j["pickles"], ".pickle"):
        raise PluginError(f"{j['snippet']} calls plt.show() but drew no figure")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    log.info("figures: ran %s", j["snippet"])


def draw(snippets: list[Path]) -> None:
    """Draw the snippets' pickled figures in every language, in one process."""
    jobs = [job(s) for s in snippets]
    for j in jobs:
        for prefix in j["out"].values():
            for old in _made(prefix, ".svg"):
                old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, j in enumerate(jobs):
            paths.append(Path(tmp) / f"{i}.json")
            paths[-1].write_text(json.dumps(j), "utf-8")
        proc = subprocess.run(
            [sys.executable, str(DRAW), *map(str, paths)],
            cwd=tmp, env=_env(MPLBACKEND="agg"), capture_output=True, text=True,
            timeout=900,
        )
    if proc.returncode != 0:
        raise PluginError(f"drawing the figures failed:\n{proc.stderr[-3000:]}")
    for s in snippets:
        _stamp(s, "draw").write_text(draw_key(s))
    log.info("figures: drew %d snippet(s) in %s", len(snippets),
             ", ".join([SOURCE_LANG, *tables()]))


# ![alt](../figures/ch/name-1.svg): the link of a figure on a page
_FIGURE_LINK = re.compile(r"\]\(([^)\s]*figures/[^)\s]+\.svg)\)")


def check_figure_links(markdown: str, page_path: Path) -> list[str]:
    """The figure links of a page that miss its language's figure folder.

    A page in ``docs/<lang>/`` shows ``docs/<lang>/figures/...``: the same
    link on every language's page, each language's own figure.
    """
    lang = page_path.relative_to(DOCS).parts[0]
    mine = DOCS / lang / "figures"
    return [link for link in _FIGURE_LINK.findall(markdown)
            if not (page_path.parent / link).resolve().is_relative_to(mine)]


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = Path(page.file.abs_src_path)
    if src.is_relative_to(DOCS):
        wrong = check_figure_links(markdown, src)
        if wrong:
            raise PluginError(
                f"{page.file.src_uri}: figure link(s) {wrong} point outside "
                f"docs/<lang>/figures/; from docs/<lang>/<chapter>/page.md write "
                f"../figures/<chapter>/<snippet>-1.svg")
    return markdown


def on_pre_build(config) -> None:
    stale = [s for s in figure_snippets() if not is_drawn(s)]
    for snippet in stale:
        run(snippet)
    if stale:
        draw(stale)
