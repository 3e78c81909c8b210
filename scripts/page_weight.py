"""Page weight: what each page of the built site costs on a first visit.

Loads every page in chromium with an empty cache (a fresh browser context
per page), waits until the network is idle (the search index, KaTeX and
any script included), and sums the bytes of every response.  ``gzip`` is
the same bytes gzip-compressed: about what GitHub Pages sends over the wire.

    python scripts/page_weight.py [--site DIR] [--json OUT]

The total holds everything a first visit moves (HTML, CSS, JavaScript,
fonts, figures, the search index): that is what tests/test_browser.py
budgets.  Some parts also get their own column, to show where the bytes go:
figures (``<img>`` files), fonts, the language's search index, and
mermaid.min.js (only on a page whose diagrams were not drawn at build time,
see hooks/diagrams.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import sitetools  # beside this script: on sys.path when run, on pytest's pythonpath

MERMAID = "mermaid.min.js"
SEARCH_INDEX = "search/search_index.json"
KB = 1024


@dataclass
class Visit:
    """One first visit of one page, as the browser saw it."""
    path: str
    status: int = 0
    requests: int = 0
    bytes: int = 0            # every response body
    gzip_bytes: int = 0       # the same, gzip-compressed: what the budget holds
    # parts of the above, gzip-compressed
    search_gzip_bytes: int = 0   # the search index
    image_gzip_bytes: int = 0    # figures (<img> files)
    font_gzip_bytes: int = 0     # web fonts (KaTeX's)
    mermaid_gzip_bytes: int = 0  # mermaid.min.js, when the page loads it
    urls: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)   # requests that left localhost
    failed: list[str] = field(default_factory=list)    # 4xx/5xx or aborted
    console_errors: list[str] = field(default_factory=list)
    checks: dict = field(default_factory=dict)         # what the page rendered


# Evaluated in the page once it is idle: what rendered and what did not.
RENDER_CHECKS = """() => {
  const article = document.querySelector("article") || document.body;
  const math = [...article.querySelectorAll(".arithmatex")];
  const diagrams = [...article.querySelectorAll(".mermaid")];
  const imgs = [...article.querySelectorAll("img")];
  const text = [...article.querySelectorAll("p, li, td, .arithmatex")]
    .map(e => e.innerText).join("\\n");
  return {
    math: math.length,
    math_rendered: math.filter(e => e.querySelector(".katex")).length,
    katex: article.querySelectorAll(".katex").length,
    raw_math: /\\\\\\(|\\\\\\[|\\$\\$/.test(text),
    diagrams: diagrams.length,
    diagrams_rendered: diagrams.filter(
      e => (e.shadowRoot && e.shadowRoot.querySelector("svg")) || e.querySelector("svg")
    ).length,
    // drawn at build time: the SVG is in the HTML, with its text as text
    diagrams_inline: diagrams.filter(
      e => e.matches(".dlbook-diagram") && e.querySelector(":scope > svg text")
    ).length,
    mermaid_script: !!document.querySelector('script[src*="mermaid"]'),
    images: imgs.length,
    images_loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    broken_images: imgs.filter(i => !(i.complete && i.naturalWidth > 0))
      .map(i => i.getAttribute("src").slice(0, 80)),
    title: document.title,
    lang: document.documentElement.lang,
  };
}"""


OPEN_SHADOW_ROOTS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, {mode: "open"}));
  };
})();"""


def is_local(url: str) -> bool:
    u = urlparse(url)
    return u.scheme in ("data", "blob", "about") or u.hostname in ("127.0.0.1", "localhost")


def visit(browser, base: str, path: str, screenshot: Path | None = None) -> Visit:
    """Load ``base + path`` in a fresh context and record everything."""
    v = Visit(path=path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            v.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    # Material draws each diagram into a *closed* shadow root; open it so
    # that the checks can see the SVG inside.
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and v.console_errors.append(m.text))
    page.on("pageerror", lambda e: v.console_errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: v.failed.append(f"{r.url} ({r.failure})"))

    def done(response):
        v.requests += 1
        v.urls.append(response.url)
        if response.status >= 400:
            v.failed.append(f"{response.url} ({response.status})")
        try:
            body = response.body()
        except Exception:  # redirects and aborted loads have no body
            return
        packed = len(gzip.compress(body, 6))
        v.bytes += len(body)
        v.gzip_bytes += packed
        kind = response.request.resource_type
        if response.url.endswith(MERMAID):
            v.mermaid_gzip_bytes += packed
        elif response.url.endswith(SEARCH_INDEX):
            v.search_gzip_bytes += packed
        elif kind == "image":
            v.image_gzip_bytes += packed
        elif kind == "font":
            v.font_gzip_bytes += packed

    page.on("response", done)
    response = page.goto(base + path, wait_until="networkidle")
    v.status = response.status if response else 0
    if page.locator(".mermaid").count():
        page.wait_for_function(
            """() => [...document.querySelectorAll('.mermaid')].every(
                 e => (e.shadowRoot && e.shadowRoot.querySelector('svg'))
                      || e.querySelector('svg'))""", timeout=15000)
    v.checks = page.evaluate(RENDER_CHECKS)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
    context.close()
    return v


def measure(site: Path = sitetools.SITE) -> list[Visit]:
    with sitetools.serve(site) as base, sitetools.chromium() as browser:
        return [visit(browser, base, p) for p in sitetools.site_pages(site)]


def table(visits: list[Visit]) -> str:
    """KB = raw bytes; gzip = what the budget holds; then parts of it (gzip)."""
    rows = [f"{'page':<36} {'requests':>8} {'KB':>6} {'gzip KB':>8} {'of which: img':>13} "
            f"{'fonts':>6} {'search':>6} {'mermaid':>7}"]
    for v in visits:
        mer = f"{v.mermaid_gzip_bytes / KB:.0f}" if v.mermaid_gzip_bytes else "-"
        rows.append(f"{'/' + v.path:<36} {v.requests:>8} {v.bytes / KB:>6.0f} "
                    f"{v.gzip_bytes / KB:>8.0f} {v.image_gzip_bytes / KB:>13.0f} "
                    f"{v.font_gzip_bytes / KB:>6.0f} {v.search_gzip_bytes / KB:>6.0f} {mer:>7}")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=sitetools.SITE)
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    args = ap.parse_args()
    visits = measure(args.site.resolve())
    print(table(visits))
    if args.json:
        args.json.write_text(json.dumps([asdict(v) for v in visits], indent=1))


if __name__ == "__main__":
    main()
