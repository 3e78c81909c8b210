"""MkDocs hook: every figure on a page comes from a real run of its snippet.

A snippet in ``snippets/`` that calls ``plt.show()`` draws the page's
figures.  Its page's notebook runs it (``runs.py``, in ``make runs``, or
here where that run is not kept: once, cached by content hash, two
notebooks at a time), with the matplotlib backend ``figure_backend.py``,
whose ``plt.show()`` pickles the figures; the tests check what the same run
printed.  Then ``figure_draw.py`` draws each figure in every language: as
the snippet made it into ``docs/en/figures/<chapter>/<snippet>-<n>.svg``,
and translated through ``snippets/figures.<lang>.yml`` into
``docs/<lang>/figures/...`` (both ignored by git, never committed).  A page
in ``docs/<lang>/<chapter>/`` shows its language's figure with the same link
on every language's page: ``![...](../figures/<chapter>/<snippet>-1.svg)``.

Drawing is redone when the run, the drawing code or a translation table
changes (seconds, no snippet runs); ``.cache/figures`` remembers what was
drawn from what, so ``mkdocs serve`` stays fast.
"""

from __future__ import annotations

import hashlib
import importlib.util
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

from bookkit import runs
from dlbook.check.pages import Chain, all_chains

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"
CACHE = ROOT / ".cache" / "figures"
# the drawing code, hashed into what a drawing depends on (not imported here:
# it runs in its own processes)
DRAW = Path(importlib.util.find_spec("bookkit.figure_draw").origin)
TEXT = Path(importlib.util.find_spec("bookkit.figure_text").origin)
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


def chain_of(snippet: Path) -> Chain:
    """The chain of the book that runs a figure snippet."""
    for chain in all_chains():
        if not chain.skip and any(b.snippet == snippet for b in chain.blocks):
            return chain
    raise PluginError(f"{snippet.relative_to(ROOT)} calls plt.show() but no page runs it")


def job(snippet: Path, pickles: Path) -> dict:
    """Where a snippet's pickles are and each language's SVGs go."""
    rel = snippet.relative_to(SNIPPETS).with_suffix("")
    langs = [SOURCE_LANG, *tables()]
    return {
        "snippet": snippet.relative_to(ROOT).as_posix(),
        "pickles": str(pickles / rel),
        "out": {lang: str(DOCS / lang / "figures" / rel) for lang in langs},
        "tables": {lang: str(p) for lang, p in tables().items()},
    }


def _hash(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
    return h.hexdigest()


def run_key(snippet: Path) -> str:
    """The kept run that drew a snippet's figures (``<key>/<variant>``), or
    the key of the run that will."""
    page = runs.page_of(chain_of(snippet))
    nb, interpreter = runs.notebook(page), runs.kernel_python(page)
    entry = runs.cached(nb, interpreter)
    return entry.id if entry else f"{runs.key(nb, interpreter)}/not-run"


def draw_key(snippet: Path) -> str:
    code = [p.read_bytes() for p in (DRAW, TEXT, *tables().values())]
    return _hash(run_key(snippet), snippet.as_posix(), *code,
                 version("noto-cjk-sans-otc"), version("matplotlib"))


def _stamp(snippet: Path) -> Path:
    rel = snippet.relative_to(SNIPPETS).with_suffix("").as_posix()
    return CACHE / "stamps" / f"{rel.replace('/', '__')}.draw"


def _made(prefix: str, suffix: str) -> list[Path]:
    p = Path(prefix)
    return sorted(p.parent.glob(f"{p.name}-*{suffix}"))


def is_drawn(snippet: Path) -> bool:
    stamp = _stamp(snippet)
    if not stamp.exists() or stamp.read_text() != draw_key(snippet):
        return False
    j = job(snippet, Path("unused"))
    counts = {len(_made(prefix, ".svg")) for prefix in j["out"].values()}
    return len(counts) == 1 and counts != {0}


def run(snippets: list[Path]) -> list[dict]:
    """Run the snippets' pages' notebooks (what is not kept; two at a time);
    the snippets' jobs."""
    made = runs.run_chains([chain_of(s) for s in snippets], jobs=2)
    jobs = []
    for snippet, r in zip(snippets, made):
        where = snippet.relative_to(ROOT)
        if r.error:
            raise PluginError(f"figure snippet {where} failed: {r.error[-3000:]}")
        j = job(snippet, r.figures)
        if not _made(j["pickles"], ".pickle"):
            raise PluginError(f"{where} calls plt.show() but drew no figure")
        log.info("figures: %s %s (%.0f s)", "cached" if r.cached else "ran", where, r.seconds)
        jobs.append(j)
    return jobs


def draw(snippets: list[Path], jobs: list[dict], processes: int = 2) -> None:
    """Draw the snippets' pickled figures in every language, in two processes
    (each pays matplotlib's start once; the figures are split between them)."""
    for j in jobs:
        for prefix in j["out"].values():
            for old in _made(prefix, ".svg"):
                old.unlink()
    # the snippets with the most figures first, each to the less loaded process
    figures = {id(j): len(_made(j["pickles"], ".pickle")) for j in jobs}
    shares: list[list[dict]] = [[] for _ in range(max(1, min(processes, len(jobs))))]
    for j in sorted(jobs, key=lambda j: -figures[id(j)]):
        min(shares, key=lambda share: sum(figures[id(x)] for x in share)).append(j)
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for n, share in enumerate(shares):
            paths = []
            for i, j in enumerate(share):
                paths.append(Path(tmp) / f"{n}-{i}.json")
                paths[-1].write_text(json.dumps(j), "utf-8")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "bookkit.figure_draw", *map(str, paths)],
                cwd=tmp, env=dict(os.environ, MPLBACKEND="agg",
                                  PYTHONPATH=os.pathsep.join([runs.backend_folder(),
                                                              str(ROOT)])),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        errors = [proc.communicate(timeout=900)[1] for proc in procs]
    failed = [err for proc, err in zip(procs, errors) if proc.returncode != 0]
    if failed:
        raise PluginError(f"drawing the figures failed:\n{failed[0][-3000:]}")
    for s in snippets:
        _stamp(s).parent.mkdir(parents=True, exist_ok=True)
        _stamp(s).write_text(draw_key(s))
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
    if stale:
        draw(stale, run(stale))
