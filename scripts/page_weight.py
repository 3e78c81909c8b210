"""Page weight: what each page of the built site costs on a first visit.

Loads every page in chromium with an empty cache, a few pages at a time,
waits until the network is idle (KaTeX, the favicon and any script
included), and sums the bytes of every response.  ``gzip`` is
the same bytes gzip-compressed: about what GitHub Pages sends over the wire.

    python scripts/page_weight.py [--site DIR] [--json OUT] [--at-once N]
    python scripts/page_weight.py --lcp [--all] [--runs N] [--site DIR]

The total holds everything a first visit moves (HTML, CSS, JavaScript,
fonts, figures, the search index): that is what tests/test_browser.py
budgets.  Some parts also get their own column, to show where the bytes go:
figures (``<img>`` files), fonts, the language's search index, and
mermaid.min.js (only on a page whose diagrams were not drawn at build time,
see hooks/diagrams.py).

``--lcp`` measures instead how soon a few pages (``--all``: every page)
show their largest piece of content (LCP, the median of ``--runs`` first
visits, default three, one at a time) on Lighthouse's slow 4G line,
throttled through the DevTools protocol, the site's text files sent
gzip-compressed as a static host sends them.  The slowest pages are
listed last.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import urlparse

import sitetools  # beside this script: on sys.path when run, on pytest's pythonpath

MERMAID = "mermaid.min.js"
SEARCH_INDEX = "search/search_index.json"
KB = 1024
# More checks of a loaded page (Playwright's async Page -> what they found),
# made during the same visit: tests/test_browser.py's accessibility audit.
Inspect = Callable[[Any], Awaitable[dict]]


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
    inspected: dict = field(default_factory=dict)      # what ``inspect`` found, if given


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


# Resolves once the page has drawn two more frames.
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def is_local(url: str) -> bool:
    u = urlparse(url)
    return u.scheme in ("data", "blob", "about") or u.hostname in ("127.0.0.1", "localhost")


class Packer:
    """gzip sizes of response bodies, each distinct body compressed once.

    Every page loads the same CSS, JavaScript and fonts; compressing them
    again for each of the book's pages costs CPU and says nothing new.  The
    size is kept by the SHA-256 of the bytes, so only identical bytes share
    it, and every response of every page is still counted."""

    def __init__(self) -> None:
        self.sizes: dict[bytes, int] = {}
        self.compressed = 0   # bodies actually compressed (the rest were known)

    def gzip_size(self, body: bytes) -> int:
        key = hashlib.sha256(body).digest()
        if key not in self.sizes:
            self.sizes[key] = len(gzip.compress(body, 6))
            self.compressed += 1
        return self.sizes[key]


class Tab:
    """A context and its page, kept from one visit to the next.

    Each visit is still a first visit: routing every request (to block the
    ones that leave localhost) turns chromium's cache off, so every page
    fetches all it needs again (test_browser.py shows it), storage is
    cleared after each visit, and the tab leaves the page for about:blank,
    which ends what the page still had in flight.  Keeping the page spares
    chromium a new renderer per visit: most of the CPU a visit costs."""

    @classmethod
    async def open(cls, browser, packer: Packer) -> "Tab":
        self = cls()
        self.idle = Visit(path="")   # between visits: what comes then is nobody's
        self.v = self.idle           # the visit under way: its console, outside requests
        self.weighing: Visit | None = None   # the same until the page settled: its requests
        self.bodies: list[asyncio.Future] = []   # each fetched before the weighing ends
        self.packer = packer
        self.context = await browser.new_context(viewport={"width": 1280, "height": 900})
        self.traffic = sitetools.Traffic(self.context)
        await self.context.route("**/*", self._route)
        # Material draws each diagram into a *closed* shadow root; open it so
        # that the checks can see the SVG inside.
        await self.context.add_init_script(OPEN_SHADOW_ROOTS)
        self.page = page = await self.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.v.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.v.console_errors.append(f"pageerror: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._done)
        return self

    async def _route(self, r) -> None:
        if is_local(r.request.url):
            await r.continue_()
        else:
            self.v.outside.append(r.request.url)
            await r.abort()

    def _failed(self, request) -> None:
        if self.weighing is not None:
            self.weighing.failed.append(f"{request.url} ({request.failure})")

    def _done(self, response) -> None:
        v = self.weighing
        if v is None:
            return
        v.requests += 1
        v.urls.append(response.url)
        if response.status >= 400:
            v.failed.append(f"{response.url} ({response.status})")
        self.bodies.append(asyncio.ensure_future(self._weigh(v, response)))

    async def _weigh(self, v: Visit, response) -> None:
        try:
            body = await response.body()
        except Exception:  # redirects and aborted loads have no body
            return
        packed = self.packer.gzip_size(body)
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


async def visit(tab: Tab, base: str, path: str, screenshot: Path | None = None,
                inspect: Inspect | None = None) -> Visit:
    """Load ``base + path`` in ``tab`` and record everything; then
    ``inspect`` the page, which the visit leaves next."""
    v = tab.v = tab.weighing = Visit(path=path)
    page = tab.page
    response = await sitetools.open_settled(page, base + path)
    v.status = response.status if response else 0
    # then two frames, for what Material draws once the page is laid out
    # (code annotations); then quiet again
    await page.evaluate(TWO_FRAMES)
    await tab.traffic.settle()
    while tab.bodies:
        await tab.bodies.pop()
    # What the page loaded on its own ends here (requests, bytes, failures):
    # the checks below read the text of closed <details>, which lays it out
    # and may fetch a font that a reader's first visit does not.
    tab.weighing = None
    if await page.locator(".mermaid").count():
        await page.wait_for_function(
            """() => [...document.querySelectorAll('.mermaid')].every(
                 e => (e.shadowRoot && e.shadowRoot.querySelector('svg'))
                      || e.querySelector('svg'))""", timeout=15000)
    v.checks = await page.evaluate(RENDER_CHECKS)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(screenshot), full_page=True)
    if inspect is not None:
        v.inspected = await inspect(page)
    await page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    await page.goto("about:blank")  # ends whatever the checks started, here
    await tab.traffic.settle()
    tab.v = tab.idle
    return v


def visit_all(base: str, paths: list[str], screenshots: dict[str, Path] | None = None,
              at_once: int = sitetools.AT_ONCE, inspect: Inspect | None = None) -> list[Visit]:
    """``visit`` every path, ``at_once`` in flight, in the order of ``paths``.

    A visit mostly waits (half a second of quiet network, the page's
    scripts), so a few at a time take a fraction of the time of one after
    another, even on two cores.  Each tab holds one visit at a time, so
    nothing one page does is counted for another.  The gzip sizes are
    shared (``Packer``)."""
    packer, shots, idle = Packer(), screenshots or {}, []

    async def one(browser, path: str) -> Visit:
        tab = idle.pop() if idle else await Tab.open(browser, packer)
        try:
            return await visit(tab, base, path, shots.get(path), inspect)
        finally:
            idle.append(tab)

    return sitetools.each_at_once(paths, one, at_once)


def measure(site: Path = sitetools.SITE, at_once: int = sitetools.AT_ONCE) -> list[Visit]:
    with sitetools.serve(site) as base:
        return visit_all(base, sitetools.site_pages(site), at_once=at_once)


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


# Lighthouse's "slow 4G": 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up,
# set through the DevTools protocol (each request waits the round trip).
SLOW_4G = {"offline": False, "latency": 150,
           "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
LCP_PAGES = ["", "neuron/", "transformer/scale/", "generative/diffusion/"]

# The page's largest contentful paint so far, in ms from the navigation.
_WATCH_LCP = """(() => {
  window.__lcp = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__lcp = e.startTime;
  }).observe({type: "largest-contentful-paint", buffered: true});
})();"""


async def largest_paint(browser, base: str, path: str) -> float:
    """The LCP (ms) of a first visit of ``base + path`` on slow 4G."""
    context = await browser.new_context(viewport={"width": 412, "height": 823})
    await context.add_init_script(_WATCH_LCP)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    await cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    await page.goto(base + path, wait_until="load")
    await page.wait_for_timeout(500)
    lcp = await page.evaluate("() => window.__lcp")
    await context.close()
    return lcp


def lcp(site: Path = sitetools.SITE, paths: list[str] = LCP_PAGES, runs: int = 3) -> dict:
    """The median LCP (ms) of each page over ``runs`` first visits, one at a
    time (pages loaded side by side would share the throttled line)."""
    with sitetools.serve(site, packed=True) as base:
        got = sitetools.each_at_once([(p, i) for p in paths for i in range(runs)],
                                     lambda b, item: largest_paint(b, base, item[0]), 1)
    return {p: sorted(got[i * runs:(i + 1) * runs])[runs // 2] for i, p in enumerate(paths)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=sitetools.SITE)
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("--at-once", type=int, default=sitetools.AT_ONCE,
                    help=f"pages loaded at the same time (default {sitetools.AT_ONCE})")
    ap.add_argument("--lcp", action="store_true",
                    help="instead: the largest contentful paint of a few pages on slow 4G")
    ap.add_argument("--all", action="store_true", help="with --lcp: of every page")
    ap.add_argument("--runs", type=int, default=3, help="with --lcp: visits per page")
    args = ap.parse_args()
    if args.lcp:
        site = args.site.resolve()
        paths = sitetools.site_pages(site) if args.all else LCP_PAGES
        got = lcp(site, paths, max(1, args.runs))
        for path, ms in sorted(got.items(), key=lambda item: item[1]):
            print(f"{'/' + path:<44} LCP {ms / 1000:.2f} s")
        over = [p for p, ms in got.items() if ms > 1500]
        print(f"{len(got)} pages; slowest {max(got.values()) / 1000:.2f} s; "
              f"{len(over)} over 1.5 s")
        return
    visits = measure(args.site.resolve(), args.at_once)
    print(table(visits))
    if args.json:
        args.json.write_text(json.dumps([asdict(v) for v in visits], indent=1))


if __name__ == "__main__":
    main()
