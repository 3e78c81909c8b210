"""Serve a built site on localhost and drive Debian's chromium over it.

Shared by ``tests/test_browser.py`` and ``scripts/page_weight.py``.
Playwright's own browser download does not work here (and would need the
network), so we launch the system chromium (``apt-get install chromium``;
``make test`` installs it).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("DLBOOK_SITE", ROOT / "site")).resolve()
CHROMIUM = os.environ.get("DLBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output readable
        pass


@contextlib.contextmanager
def serve(site: Path = SITE) -> Iterator[str]:
    """Serve ``site`` at http://127.0.0.1:<free port>/ from a thread."""
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"expected a built site in {site}, found no index.html "
                                "(run `mkdocs build --strict` first)")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A Playwright ``Browser`` running the system chromium, headless."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"expected chromium at {CHROMIUM}, found nothing: "
                                "`apt-get install -y chromium` (make test does it as root)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def site_pages(site: Path = SITE) -> list[str]:
    """Every built page as a URL path ('', 'neuron/', 'en/neuron/', ...)."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        paths.append("" if rel == "." else rel + "/")
    return paths
