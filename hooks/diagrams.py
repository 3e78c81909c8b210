"""MkDocs hook: mermaid diagrams drawn to SVG when the site is built.

A page writes a diagram as a ```` ```mermaid ```` fence; pymdownx.superfences
turns it into ``<pre class="mermaid">``.  Left alone, every reader's browser
would download mermaid (about 1 MB gzip) to draw it.  This hook draws every
diagram of the build once, with the vendored ``mermaid.min.js`` in headless
chromium (one browser session for all of them), and puts the SVG in the page
instead, so the reader gets the drawing and no script.

- The SVG is inline: its text stays real text (selectable, searchable, read
  by screen readers), and its colours are Material's CSS variables
  (``--md-mermaid-*``, the same ``themeCSS`` Material gives mermaid), so a
  diagram follows the light and the dark palette like the rest of the page.
- Labels are SVG ``<text>`` (``htmlLabels: false``), drawn in the reader's
  fonts: a stack that covers CJK on Windows, macOS and Linux.  Boxes are
  measured in chromium with a little extra padding, so a reader's font that
  is somewhat wider than the build machine's does not overflow them.
- Each SVG is cached under ``.cache/diagrams/`` by a hash of the diagram's
  source, of ``mermaid.min.js`` and of the configuration, so a rebuild (and
  ``mkdocs serve``) starts no browser unless a diagram changed.
- Ids inside each SVG are prefixed with the diagram's own id, so several
  diagrams on one page never share an id (markers, styles).
- In a print build (``make pdf``) the print-site plugin builds its one page
  from a copy of each page's HTML (``page.html``) that it keeps before this
  hook runs: that copy gets the same SVGs, so the PDF is printed with no
  mermaid either.

Without chromium or Playwright (a machine with only Python and ``make``),
diagrams not in the cache stay as they are and ``overrides/main.html`` loads
mermaid on those pages, which draws them in the browser; the build says so
in one INFO line.  ``DLBOOK_DIAGRAMS=client`` leaves every diagram to the
browser (to compare, or to debug a diagram).
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import logging
import os
import re
import textwrap
from pathlib import Path
from typing import Iterable, Protocol

from mkdocs.exceptions import PluginError

from bookkit.site import MERMAID_PRE, MERMAID_TAG, undrawn_diagrams
from dlbook.check.pages import fences

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "diagrams"
MERMAID_JS = ROOT / "docs" / "assets" / "vendor" / "mermaid" / "mermaid.min.js"
CHROMIUM = os.environ.get("DLBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

log = logging.getLogger("mkdocs.hooks.diagrams")

# Latin fonts first (the same family Material uses for the text), then a CJK
# font that every common system has: PingFang / Hiragino (macOS), Microsoft
# YaHei (Windows), Noto / Source Han / WenQuanYi (Linux, Android).
FONT_STACK = ('-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, '
              '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
              '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif')
# The id mermaid draws every diagram with; replaced by the diagram's own id
# when it goes into a page.  Letters only, so it cannot collide with a label.
TOKEN = "dlbookmermaidsvg"
# The colours (CSS variables) and the extra rules follow the page's palette.
EXTRA_CSS = (
    # labels in the reader's fonts, and measured with them
    f"g{{--md-mermaid-font-family:{FONT_STACK}}}"
    # timeline: lines and title in the palette's colours, not black or
    # white; dark text on its pastel boxes, in both palettes
    ".lineWrapper line{stroke:var(--md-mermaid-edge-color)}"
    "&>text{fill:var(--md-mermaid-label-fg-color)}"
    ".timeline-node text{fill:#000000de!important}"
)
# Bumped when the way a diagram is drawn changes (it is part of the key).
RENDER_VERSION = "1"


def material_theme_css(bundle: str) -> str:
    """The ``themeCSS`` Material passes to ``mermaid.initialize``.

    Read from Material's JavaScript bundle, so that our SVGs look like the
    ones Material draws in the browser; fails loudly if the bundle changed.
    """
    call = re.search(r"mermaid\.initialize\(\{[^}]*?themeCSS:([A-Za-z_$][\w$]*)", bundle)
    if not call:
        raise PluginError("diagrams: found no `mermaid.initialize({...themeCSS: NAME` in "
                          "Material's bundle.js; update hooks/diagrams.py for this Material")
    value = re.search(r'\b%s="((?:[^"\\]|\\.)*)"' % re.escape(call.group(1)), bundle)
    if not value or "--md-mermaid" not in value.group(1):
        raise PluginError(f"diagrams: found no string {call.group(1)}=\"...--md-mermaid...\" "
                          "in Material's bundle.js; update hooks/diagrams.py for this Material")
    return json.loads(f'"{value.group(1)}"')


def mermaid_config(theme_css: str) -> dict:
    """What the renderer passes to ``mermaid.initialize``."""
    return {
        "startOnLoad": False,
        "securityLevel": "strict",
        "theme": "default",
        "themeCSS": theme_css + EXTRA_CSS,
        "fontFamily": FONT_STACK,
        "htmlLabels": False,
        "flowchart": {"htmlLabels": False, "padding": 20},
        "sequence": {"actorFontSize": "16px", "messageFontSize": "16px",
                     "noteFontSize": "16px"},
    }


def normalize(source: str) -> str:
    """The diagram as mermaid reads it: common indentation and blank ends gone."""
    return textwrap.dedent(source.expandtabs(4)).strip("\n").rstrip() + "\n"


def page_sources(content: str) -> list[str]:
    """The diagrams of a rendered page, in order, as mermaid source."""
    return [normalize(html.unescape(m.group(1))) for m in MERMAID_PRE.finditer(content)]


def markdown_sources(markdown: str) -> list[str]:
    """The ```` ```mermaid ```` fences of a Markdown file, as mermaid source.

    Used to draw the diagrams of every language in the first browser session
    of a build; a fence this misses is still drawn, in a second session.
    """
    lines = markdown.splitlines()
    return [normalize("".join(f"{line}\n" for line in lines[f.start + 1:f.end]))
            for f in fences(lines) if f.syntax == "mermaid"]


def cache_key(source: str, mermaid_digest: str, config: dict) -> str:
    h = hashlib.sha256()
    for part in (RENDER_VERSION, mermaid_digest, json.dumps(config, sort_keys=True), source):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


_ID = re.compile(r'(?<![\w-])id="([^"]+)"')
# Edge geometry as base64 JSON, for mermaid's own interactivity: not needed.
_DATA_POINTS = re.compile(r' data-points="[^"]*"')


def scope_ids(svg: str, new_id: str) -> str:
    """Give every id in ``svg`` the prefix ``new_id`` and point references at it.

    Mermaid prefixes most ids with the id it drew with (``TOKEN``), but not
    all (edge ids such as ``L_a_b_0``); two diagrams on one page would then
    share ids.  References (``url(#x)``, ``href="#x"``) follow the rename.
    """
    if f'id="{TOKEN}"' not in svg:
        raise ValueError(f"expected an SVG drawn with id {TOKEN!r}, got {svg[:80]!r}")
    bare = {i for i in _ID.findall(svg) if not i.startswith(TOKEN)}
    for old in sorted(bare, key=len, reverse=True):
        svg = re.sub(r'((?<![\w-])id="|url\(#|href="#)%s(?=[")])' % re.escape(old),
                     lambda m: f"{m.group(1)}{TOKEN}-{old}", svg)
    # A label in a reader's font wider than chromium's may pass the edge of
    # the drawing (a cluster's title): let it show rather than cut it.
    svg = svg.replace(f'<svg id="{TOKEN}"', f'<svg id="{TOKEN}" overflow="visible"', 1)
    return _DATA_POINTS.sub("", svg).replace(TOKEN, new_id)


def inline(content: str, svgs: dict[str, str], keys: dict[str, str]) -> tuple[str, int]:
    """Replace each drawn diagram of a page by its SVG; return the page and a count.

    ``svgs`` maps a source to its SVG (drawn with ``TOKEN``), ``keys`` a
    source to its cache key, from which each diagram takes a stable id.
    Diagrams missing from ``svgs`` stay ``<pre class="mermaid">``.
    """
    used: dict[str, int] = {}
    done = 0

    def swap(m: re.Match) -> str:
        nonlocal done
        source = normalize(html.unescape(m.group(1)))
        if source not in svgs:
            return m.group(0)
        base = f"mermaid-{keys[source][:10]}"
        used[base] = used.get(base, 0) + 1
        new_id = base if used[base] == 1 else f"{base}-{used[base]}"
        done += 1
        return f'<div class="mermaid dlbook-diagram">{scope_ids(svgs[source], new_id)}</div>'

    return MERMAID_PRE.sub(swap, content), done


CLIENT = "DLBOOK_DIAGRAMS=client"  # every diagram to the browser, cached or not


class Renderer(Protocol):
    def __call__(self, sources: list[str]) -> list[str]: ...


def chromium_missing() -> str | None:
    """Why diagrams cannot be drawn here, or None when they can."""
    if os.environ.get("DLBOOK_DIAGRAMS") == "client":
        return CLIENT
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install -y chromium fonts-wqy-zenhei)"
    return None


def chromium_renderer(config: dict) -> Renderer:
    """Draw diagrams with mermaid in one headless chromium per call."""

    def render(sources: list[str]) -> list[str]:
        from playwright.sync_api import Error, sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_content(f"<!doctype html><html><head><meta charset='utf-8'>"
                                 f"<style>body{{font-family:{FONT_STACK}}}</style>"
                                 f"</head><body></body></html>")
                page.add_script_tag(path=str(MERMAID_JS))
                page.evaluate("config => mermaid.initialize(config)", config)
                out = []
                for source in sources:
                    try:
                        out.append(page.evaluate(
                            "async ([id, src]) => (await mermaid.render(id, src)).svg",
                            [TOKEN, source]))
                    except Error as e:
                        raise PluginError(f"diagrams: mermaid could not draw\n{source}\n"
                                          f"{str(e).splitlines()[0]}") from e
                return out
            finally:
                browser.close()

    return render


class Diagrams:
    """Sources -> SVGs through the cache, drawing what is missing in one batch."""

    def __init__(self, config: dict, cache: Path = CACHE,
                 renderer: Renderer | None = None, mermaid_js: Path = MERMAID_JS):
        self.config = config
        self.cache = cache
        self.renderer = renderer
        self.digest = hashlib.sha256(mermaid_js.read_bytes()).hexdigest()
        self.sessions = 0

    def key(self, source: str) -> str:
        return cache_key(source, self.digest, self.config)

    def _file(self, source: str) -> Path:
        return self.cache / f"{self.key(source)}.svg"

    def cached(self, sources: Iterable[str]) -> dict[str, str]:
        return {s: self._file(s).read_text("utf-8") for s in sources if self._file(s).exists()}

    def draw(self, sources: Iterable[str]) -> dict[str, str]:
        """Every source's SVG; those not cached are drawn (one renderer call)."""
        sources = list(dict.fromkeys(sources))
        have = self.cached(sources)
        missing = [s for s in sources if s not in have]
        if missing and self.renderer is not None:
            self.sessions += 1
            for source, svg in zip(missing, self.renderer(missing), strict=True):
                if f'id="{TOKEN}"' not in svg:
                    raise PluginError(f"diagrams: expected an <svg id={TOKEN!r}>, got {svg[:80]!r}")
                self.cache.mkdir(parents=True, exist_ok=True)
                self._file(source).write_text(svg, "utf-8")
                have[source] = svg
            log.info("diagrams: drew %d diagram(s) in chromium", len(missing))
        return have


def _material_bundle() -> str:
    spec = importlib.util.find_spec("material")
    scripts = Path(spec.origin).parent / "templates" / "assets" / "javascripts"
    bundles = sorted(scripts.glob("bundle.*.min.js"))
    if not bundles:
        raise PluginError(f"diagrams: found no bundle.*.min.js in {scripts}")
    return bundles[0].read_text("utf-8")


_state: dict = {}


def _diagrams() -> Diagrams:
    """One per process: `mkdocs serve` and the second language reuse it."""
    if "diagrams" not in _state:
        config = mermaid_config(material_theme_css(_material_bundle()))
        why = chromium_missing()
        renderer = None if why else chromium_renderer(config)
        _state["why"] = why
        _state["diagrams"] = Diagrams(config, renderer=renderer)
    return _state["diagrams"]


def on_env(env, config, files, **kwargs):
    """Every page is rendered by now and none is written: swap in the SVGs."""
    pages = [f.page for f in files.documentation_pages()
             if f.page is not None and f.page.content and undrawn_diagrams(f.page.content)]
    if not pages:
        return env
    diagrams = _diagrams()
    if _state["why"] == CLIENT:
        return _left_to_the_browser(sum(len(page_sources(p.content)) for p in pages))
    wanted = [s for p in pages for s in page_sources(p.content)]
    if not wanted:
        raise PluginError(f"diagrams: a page has {MERMAID_TAG} but the pattern "
                          f"{MERMAID_PRE.pattern!r} matched none: update MERMAID_PRE "
                          "in bookkit/site.py")
    if diagrams.renderer is not None and diagrams.sessions == 0:
        # The first drawing of this process also draws the other languages'
        # diagrams, so that a whole build starts chromium once.
        for md in Path(config["docs_dir"]).rglob("*.md"):
            wanted += markdown_sources(md.read_text("utf-8"))
    svgs = diagrams.draw(wanted)
    keys = {s: diagrams.key(s) for s in svgs}
    left = 0
    for page in pages:
        page.content, done = inline(page.content, svgs, keys)
        left += len(page_sources(page.content))
        # print-site's copy of the page (the module's docstring)
        if isinstance(getattr(page, "html", None), str):
            page.html, _ = inline(page.html, svgs, keys)
    _left_to_the_browser(left)
    return env


def _left_to_the_browser(count: int):
    """Say once per build process that some diagrams need mermaid in the browser."""
    if count and not _state.get("told"):
        _state["told"] = True
        log.info("diagrams: %s: %d diagram(s) are drawn in the reader's browser by mermaid",
                 _state["why"], count)
