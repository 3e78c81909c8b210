"""Print one language's book to PDF (``make pdf``).

    python scripts/book_pdf.py SITE OUT.pdf

SITE is a print build of one language::

    DLBOOK_PRINT=true DLBOOK_LANG=zh mkdocs build --strict -d SITE

whose ``print_page/`` holds a cover, the contents and every page of the
navigation in order (the print-site plugin, ``hooks/printbook.py``).  It is
served on 127.0.0.1 and printed by Debian's chromium (``page.pdf()``), after
the browser has typeset the math (KaTeX, served by the site), loaded every
figure and opened every collapsed block; diagrams are SVG in the page
already (``hooks/diagrams.py``).  ``scripts/pdf.css`` sets the page and the
fonts: Chinese in WenQuanYi Zen Hei (``make browser`` installs it with
chromium; the script stops when fontconfig does not know it, rather than
print empty boxes).  Anything that goes wrong in the page (a request that
fails or leaves the machine, a console error, math left as TeX, a broken
image) stops the script with what and where; no PDF is written then.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bookkit.site import undrawn_diagrams

import sitetools  # beside this script: on sys.path when run, on pytest's pythonpath
from page_weight import is_local

PRINT_PAGE = "print_page/"
CSS = Path(__file__).with_name("pdf.css")
CJK_FONT = "WenQuanYi Zen Hei"  # the font pdf.css names for Chinese

# Run in the page before printing: load every image now (a lazy one would be
# printed empty) and open every collapsed block (<details>).
PREPARE = """async () => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  const imgs = [...document.images];
  imgs.forEach(i => { i.loading = "eager"; });
  await Promise.all(imgs.map(i => i.complete ? null :
    new Promise(done => { i.addEventListener("load", done); i.addEventListener("error", done); })));
  await document.fonts.ready;
}"""

# What the page shows once prepared (the same checks as tests/test_browser.py).
CHECKS = """() => {
  const root = document.querySelector("#print-site-page");
  if (!root) return null;
  const math = [...root.querySelectorAll(".arithmatex")];
  const imgs = [...root.querySelectorAll("img")];
  const text = [...root.querySelectorAll("p, li, td, .arithmatex")].map(e => e.innerText).join("\\n");
  return {
    pages: root.querySelectorAll("section.print-page[id]:not(.md-section)").length,
    math: math.length,
    math_left: math.filter(e => !e.querySelector(".katex")).map(e => e.textContent.slice(0, 60)),
    raw_math: /\\\\\\(|\\\\\\[|\\$\\$/.test(text),
    broken_images: imgs.filter(i => !(i.complete && i.naturalWidth > 0))
      .map(i => i.getAttribute("src").slice(0, 80)),
  };
}"""


def check_cjk_font(family: str = CJK_FONT) -> None:
    """Stop unless fontconfig (which chromium asks) knows ``family``."""
    if shutil.which("fc-list") is None:
        return  # no fontconfig tools to ask; tests/test_pdf.py reads the fonts of the PDF
    found = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True).stdout
    if not found.strip():
        raise SystemExit(f"book_pdf.py: expected the font {family!r} for the Chinese text, "
                         "fontconfig has none: `make browser` as root, or "
                         "`apt-get install -y fonts-wqy-zenhei`")


def problems_of(checks: dict | None, errors: list[str]) -> list[str]:
    """What is wrong with the prepared print page, in words (empty: print it)."""
    if checks is None:
        return ["no #print-site-page in the page: was the site built with DLBOOK_PRINT=true?"]
    found = list(errors)
    if checks["pages"] == 0:
        found.append("the print page holds no page")
    if checks["math_left"] or checks["raw_math"]:
        found.append(f"math not typeset by KaTeX: {checks['math_left'][:5]}")
    if checks["mermaid_left"]:
        found.append(f"{checks['mermaid_left']} diagrams not drawn at build time: expected "
                     "SVG in print_page/index.html (hooks/diagrams.py, which needs chromium)")
    if checks["broken_images"]:
        found.append(f"images that did not load: {checks['broken_images'][:5]}")
    return found


def print_pdf(site: Path, out: Path) -> dict:
    """Print ``site``'s print page to ``out``; returns the page's checks."""
    if not (site / PRINT_PAGE / "index.html").exists():
        raise SystemExit(f"book_pdf.py: expected {site / PRINT_PAGE}index.html, found none: "
                         "build with DLBOOK_PRINT=true DLBOOK_LANG=<zh|en> mkdocs build -d "
                         f"{site}")
    check_cjk_font()
    errors: list[str] = []
    with sitetools.serve(site) as base, sitetools.chromium() as browser:
        page = browser.new_page()

        def route(r):
            if is_local(r.request.url):
                r.continue_()
            else:
                errors.append(f"request left the machine: {r.request.url}")
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: errors.append(f"failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status}: {r.url}"))
        sitetools.open_settled(page, base + PRINT_PAGE, timeout=120_000)
        page.add_style_tag(path=str(CSS))
        page.evaluate(PREPARE)
        checks = page.evaluate(CHECKS)
        if checks is not None:
            # counted in the file: in the page, mermaid may have drawn them
            # by now, or not yet
            html = (site / PRINT_PAGE / "index.html").read_text("utf-8")
            checks["mermaid_left"] = undrawn_diagrams(html)
        problems = problems_of(checks, errors)
        if problems:
            raise SystemExit(f"book_pdf.py: {site / PRINT_PAGE} is not ready to print:\n  "
                             + "\n  ".join(problems))
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True,
                 outline=True, tagged=True)
    return checks


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, help="a print build of one language")
    ap.add_argument("out", type=Path, help="the PDF to write")
    args = ap.parse_args()
    start = time.monotonic()
    checks = print_pdf(args.site.resolve(), args.out)
    print(f"{args.out}: {checks['pages']} pages of the book, "
          f"{args.out.stat().st_size / 2**20:.1f} MiB, printed in "
          f"{time.monotonic() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
