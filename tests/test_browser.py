"""The built site in a real browser: Debian's chromium driven by Playwright.

Every page of both languages is loaded once, with an empty cache, from a
server on 127.0.0.1 (``scripts/sitetools.py``); every request is recorded
and any that leaves localhost is blocked and reported.  The tests then check
what the reader would see: the page loads without console errors, math is
typeset by KaTeX, diagrams are SVG drawn at build time (no mermaid script),
images load, the page is not too heavy, the language switcher lands on the
translation, and search finds Chinese words on the Chinese site and English
words on the English one.

Screenshots of a few pages go to ``artifacts/screenshots/`` (ignored by git).

``make test`` installs chromium (as root) and sets DLBOOK_REQUIRE_BROWSER=1,
so a missing browser fails there; elsewhere these tests are skipped with a
message when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

import page_weight  # scripts/ is on pytest's pythonpath (pyproject.toml)
import sitetools
from pages import ROOT

SITE = sitetools.SITE
SHOTS = ROOT / "artifacts" / "screenshots"
KB = 1024
# First-visit budget of every page, gzip-compressed bytes (what a static
# host such as GitHub Pages sends): everything the visit moves, HTML, CSS,
# JavaScript, fonts, figures and the search index (README, "Page weight").
PAGE_BUDGET = 400 * KB
# Of which figures (<img> files): they are the content, but not all of it.
FIGURES_BUDGET = 300 * KB
# The HTML document alone, uncompressed: catches inlined CSS or images.
TEXT_HTML_BUDGET = 300 * KB
NOTEBOOK_HTML_BUDGET = 500 * KB

if not Path(sitetools.CHROMIUM).exists():
    if os.environ.get("DLBOOK_REQUIRE_BROWSER"):
        raise RuntimeError(f"expected chromium at {sitetools.CHROMIUM}, found nothing: "
                           "run `make test` as root (it installs it) or "
                           "`apt-get install -y chromium`")
    pytest.skip(f"no chromium at {sitetools.CHROMIUM} (apt-get install -y chromium)",
                allow_module_level=True)

PATHS = sitetools.site_pages(SITE) if SITE.exists() else []


def _is_notebook(path: str) -> bool:
    return "/notebooks/" in f"/{path}"


def _lang(path: str) -> str:
    return "en" if path.startswith("en/") or path == "en/" else "zh"


@pytest.fixture(scope="module")
def base():
    with sitetools.serve(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sitetools.chromium() as b:
        yield b


def _shot_name(path: str) -> str:
    return (path.strip("/").replace("/", "-") or "index") + ".png"


@pytest.fixture(scope="module")
def visits(base, browser) -> dict[str, page_weight.Visit]:
    """Every page, visited once: requests, console, render checks."""
    assert PATHS, f"no pages found in {SITE}: build the site first"
    # A few pages photographed: both homes, the first chapter, a notebook.
    wanted = {"", "en/", "neuron/", "en/neuron/"}
    wanted |= set([p for p in PATHS if _is_notebook(p) and not p.startswith("en/")][:1])
    wanted |= set([p for p in PATHS if _is_notebook(p) and p.startswith("en/")][:1])
    out = {}
    for path in PATHS:
        shot = SHOTS / _shot_name(path) if path in wanted else None
        out[path] = page_weight.visit(browser, base, path, screenshot=shot)
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "page_weight.txt").write_text(
        page_weight.table(list(out.values())) + "\n", "utf-8")
    return out


@pytest.mark.parametrize("path", PATHS)
def test_page_loads_with_no_error_and_nothing_from_outside(visits, path):
    v = visits[path]
    assert v.status == 200, f"/{path}: expected HTTP 200, got {v.status}"
    assert not v.outside, f"/{path}: requests left localhost: {v.outside}"
    assert not v.failed, f"/{path}: failed requests: {v.failed}"
    assert not v.console_errors, f"/{path}: console errors: {v.console_errors}"
    assert v.checks["lang"] == _lang(path), \
        f"/{path}: expected <html lang={_lang(path)!r}>, got {v.checks['lang']!r}"


@pytest.mark.parametrize("path", PATHS)
def test_math_diagrams_and_images_render(visits, path):
    c = visits[path].checks
    assert c["math_rendered"] == c["math"], \
        f"/{path}: expected {c['math']} formulas typeset by KaTeX, got {c['math_rendered']}"
    assert not c["raw_math"], f"/{path}: raw TeX delimiters (\\( \\[ $$) left in the text"
    assert c["diagrams_rendered"] == c["diagrams"], \
        f"/{path}: expected {c['diagrams']} mermaid diagrams drawn, got {c['diagrams_rendered']}"
    assert c["diagrams_inline"] == c["diagrams"], (
        f"/{path}: expected {c['diagrams']} diagrams drawn at build time (inline SVG with "
        f"text), got {c['diagrams_inline']}: was the site built without chromium? "
        "(hooks/diagrams.py)")
    assert not c["mermaid_script"], f"/{path}: expected no mermaid script, the page loads one"
    assert c["images_loaded"] == c["images"], f"/{path}: images not loaded: {c['broken_images']}"


@pytest.mark.parametrize("path", PATHS)
def test_page_weight(visits, path):
    v = visits[path]
    assert v.gzip_bytes <= PAGE_BUDGET, (
        f"/{path}: expected at most {PAGE_BUDGET // KB} KB (gzip) on a first visit, got "
        f"{v.gzip_bytes / KB:.0f} KB in {v.requests} requests, of which figures "
        f"{v.image_gzip_bytes / KB:.0f} KB, fonts {v.font_gzip_bytes / KB:.0f} KB, search "
        f"index {v.search_gzip_bytes / KB:.0f} KB, mermaid {v.mermaid_gzip_bytes / KB:.0f} KB "
        f"(run scripts/page_weight.py for the details)")
    assert v.search_gzip_bytes == 0, (
        f"/{path}: expected the search index to wait until the reader turns to search, "
        f"got {v.search_gzip_bytes / KB:.0f} KB on a first visit (docs/assets/search-on-demand.js)")
    assert v.image_gzip_bytes <= FIGURES_BUDGET, (
        f"/{path}: expected at most {FIGURES_BUDGET // KB} KB (gzip) of figures, got "
        f"{v.image_gzip_bytes / KB:.0f} KB (hooks/figure_backend.py rasterizes big scatters)")
    html = (SITE / path / "index.html").stat().st_size
    html_budget = NOTEBOOK_HTML_BUDGET if _is_notebook(path) else TEXT_HTML_BUDGET
    assert html <= html_budget, \
        f"/{path}: expected an HTML document of at most {html_budget // KB} KB, got {html // KB} KB"


def test_some_pages_have_math_diagrams_and_plots(visits):
    """Guards the checks above against passing because nothing was found."""
    totals = {k: sum(v.checks[k] for v in visits.values())
              for k in ("math", "katex", "diagrams", "images")}
    assert all(totals.values()), f"expected math, diagrams and images somewhere, got {totals}"


def test_screenshots_were_saved(visits):
    shots = sorted(p.name for p in SHOTS.glob("*.png"))
    for name in ("index.png", "en.png", "neuron.png", "en-neuron.png"):
        assert name in shots, f"expected {name} in {SHOTS}, got {shots}"


@pytest.mark.parametrize("start, lang, expected", [
    ("neuron/", "en", "en/neuron/"),
    ("en/neuron/", "zh", "neuron/"),
])
def test_language_switcher_click_lands_on_the_translation(base, browser, start, lang, expected):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + start)
    page.hover(".md-header__option .md-select")
    page.click(f'.md-select a[hreflang="{lang}"]')
    page.wait_for_load_state()
    assert page.url == base + expected, f"expected {base + expected}, got {page.url}"
    page.close()


def _index(lang: str) -> list[dict]:
    where = SITE / ("en/" if lang == "en" else "") / "search" / "search_index.json"
    return json.loads(where.read_text("utf-8"))["docs"]


def _terms(lang: str) -> list[str]:
    """Search terms that exist in the built site (the book grows)."""
    if lang == "zh":
        wanted = ["神经元", "反向传播", "卷积", "注意力"]
    else:
        wanted = ["neuron", "backpropagation", "convolution", "attention"]
    text = " ".join(d["title"] + " " + d["text"] for d in _index(lang)).lower()
    return [w for w in wanted if w in text]


def _search(page, base: str, start: str, term: str) -> list[str]:
    page.goto(base + start)
    box = page.locator("input.md-search__input")
    box.click()  # fetches the search index (docs/assets/search-on-demand.js)
    box.fill(term)
    box.press("End")  # Material listens to key events
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "els => els.map(e => e.href)")


@pytest.mark.parametrize("lang, start", [("zh", ""), ("en", "en/")])
def test_search_finds_words_of_its_own_language(base, browser, lang, start):
    terms = _terms(lang)
    assert terms[:1] == ["神经元" if lang == "zh" else "neuron"], \
        f"expected the first chapter's word in the {lang} index, got {terms}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for term in terms:
        hrefs = _search(page, base, start, term)
        paths = [urlparse(h).path for h in hrefs]
        assert paths, f"{lang}: no result for {term!r}"
        wrong = [p for p in paths if p.startswith("/en/") != (lang == "en")]
        assert not wrong, f"{lang}: search for {term!r} returned other-language pages {wrong}"
        # the best result is a page that really contains the word
        top = paths[0].lstrip("/")
        if lang == "en":
            top = top[len("en/"):]
        html = (SITE / ("en" if lang == "en" else "") / top / "index.html").read_text("utf-8")
        assert re.search(re.escape(term), html, re.IGNORECASE), \
            f"{lang}: top result {paths[0]} for {term!r} does not contain it"
    page.close()


def test_search_index_is_fetched_only_when_the_reader_turns_to_search(base, browser):
    """No index on page load; the keyboard shortcut alone brings it, and search works."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    fetched = []
    page.on("request", lambda r: r.url.endswith(page_weight.SEARCH_INDEX) and fetched.append(r.url))
    page.goto(base + "en/", wait_until="networkidle")
    assert fetched == [], f"expected no search index before searching, got {fetched}"
    page.keyboard.press("/")  # Material's shortcut: focuses the search box
    page.keyboard.type("neuron")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert fetched == [base + "en/" + page_weight.SEARCH_INDEX]
    context.close()
