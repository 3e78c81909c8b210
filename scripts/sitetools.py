"""Serve a built site on localhost and drive Debian's chromium over it.

Shared by ``tests/test_browser.py``, ``scripts/book_pdf.py`` and
``scripts/page_weight.py``, which loads pages a few at a time
(``each_at_once``, Playwright's async API).
Playwright's own browser download does not work here (and would need the
network), so we launch the system chromium (``apt-get install chromium``;
``make test`` installs it).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import gzip
import http.server
import inspect
import os
import threading
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable, Iterator, TypeVar

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("DLBOOK_SITE", ROOT / "site")).resolve()
CHROMIUM = os.environ.get("DLBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
# Pages loaded at the same time by ``each_at_once``.
AT_ONCE = int(os.environ.get("DLBOOK_VISITS_AT_ONCE", "4"))
T = TypeVar("T")
R = TypeVar("R")


# What a static host compresses (GitHub Pages does, with gzip).
_PACKED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, served: list[str] | None = None, packed: bool = False,
                 **kwargs) -> None:
        self.served = served  # before __init__, which answers the request
        self.packed = packed
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.served is not None:
            self.served.append(self.path)
        if self.packed and "gzip" in self.headers.get("Accept-Encoding", ""):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix in _PACKED and path.is_file():
                body = gzip.compress(path.read_bytes(), 6)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()

    def log_message(self, *args) -> None:  # keep pytest's output readable
        pass


@contextlib.contextmanager
def serve(site: Path = SITE, served: list[str] | None = None,
          packed: bool = False) -> Iterator[str]:
    """Serve ``site`` at http://127.0.0.1:<free port>/ from a thread; the
    path of every GET goes to ``served`` when one is given.  ``packed``:
    text files go gzip-compressed, as a static host sends them."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"expected a built site in {site}, found no index.html "
                                "(run `mkdocs build --strict` first)")
    handler = functools.partial(_QuietHandler, directory=str(site), served=served,
                                packed=packed)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _check_chromium() -> None:
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"expected chromium at {CHROMIUM}, found nothing: "
                                "`apt-get install -y chromium` (make test does it as root)")


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright ``Browser`` running the system chromium, headless."""
    from playwright.sync_api import sync_playwright

    _check_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.asynccontextmanager
async def async_chromium() -> AsyncIterator[object]:
    """The same, for Playwright's async API: one browser, many pages at once."""
    from playwright.async_api import async_playwright

    _check_chromium()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


def open_settled(page, url: str, **options):
    """``page.goto(url)``, returning once the page has settled: its network
    quiet ("networkidle") and its "load" event fired.  On a busy CPU the
    network can go quiet first (the scripts all fetched, not yet run: KaTeX
    typesets on DOMContentLoaded).  For a page of Playwright's sync API it
    returns the response; for one of its async API, await what it returns.
    ``options`` go to both waits (e.g. ``timeout``)."""
    if inspect.iscoroutinefunction(page.goto):
        async def settle():
            response = await page.goto(url, wait_until="networkidle", **options)
            await page.wait_for_load_state("load", **options)
            return response
        return settle()
    response = page.goto(url, wait_until="networkidle", **options)
    page.wait_for_load_state("load", **options)
    return response


def site_pages(site: Path = SITE) -> list[str]:
    """Every built page as a URL path ('', 'neuron/', 'en/neuron/', ...)."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        paths.append("" if rel == "." else rel + "/")
    return paths


def each_at_once(items: list[T], visit: Callable[[object, T], Awaitable[R]],
                 at_once: int = AT_ONCE) -> list[R]:
    """``await visit(browser, item)`` for every item, ``at_once`` in flight.

    One chromium (Playwright's async API), one event loop; the results come
    in the order of ``items``.  The first visit that fails stops the others
    and is raised, naming its item.  The loop runs in a thread of its own
    (``run_apart``)."""
    if at_once < 1:
        raise ValueError(f"expected at least 1 page at once, got {at_once}")

    async def run() -> list[R]:
        gate = asyncio.Semaphore(at_once)
        async with async_chromium() as browser:
            async def one(item: T) -> R:
                async with gate:
                    try:
                        return await visit(browser, item)
                    except Exception as e:
                        raise RuntimeError(f"{item}: the visit failed: {e}") from e

            tasks = [asyncio.ensure_future(one(item)) for item in items]
            try:
                return list(await asyncio.gather(*tasks))
            except BaseException:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise

    return run_apart(run())


def run_apart(coroutine: Awaitable[R]) -> R:
    """Run ``coroutine`` to its end on an event loop in a thread of its own
    and return what it returns: the caller may hold a sync Playwright, whose
    loop counts as running in the caller's thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Traffic:
    """Whether a context's requests have all ended and none began for a while.

    Playwright's "networkidle" follows the page's frames; the favicon (asked
    for by the browser) and a worker's script may come after it, the later
    the busier the machine, and a visit that closed first would miss them.
    Following every request of the context counts them on every visit,
    however many pages load at once."""

    QUIET = 0.5    # seconds with nothing in flight, as "networkidle" waits
    LIMIT = 15.0   # at most: a request that never ends does not hold the visit

    def __init__(self, context) -> None:
        self.clock = asyncio.get_running_loop().time
        self.in_flight, self.last = 0, self.clock()
        context.on("request", self._began)
        context.on("requestfinished", self._ended)
        context.on("requestfailed", self._ended)

    def _began(self, _request) -> None:
        self.in_flight += 1
        self.last = self.clock()

    def _ended(self, _request) -> None:
        self.in_flight -= 1
        self.last = self.clock()

    async def settle(self) -> None:
        """Until nothing is in flight and nothing began for ``QUIET`` seconds."""
        give_up = self.clock() + self.LIMIT
        while self.clock() < give_up and (
                self.in_flight > 0 or self.clock() - self.last < self.QUIET):
            await asyncio.sleep(0.05)
