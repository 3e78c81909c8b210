"""The built site in a real browser: Debian's chromium driven by Playwright.

Every page of both languages is loaded once, with an empty cache, from a
server on 127.0.0.1 (``scripts/sitetools.py``); every request is recorded
and any that leaves localhost is blocked and reported.  The tests then check
what the reader would see: the page loads without console errors, math is
typeset by KaTeX, diagrams are SVG drawn at build time (no mermaid script),
images load, the page is not too heavy, the language switcher lands on the
translation, and search finds Chinese words on the Chinese site and English
words on the English one.  The same visit audits each page (``a11y.py``):
axe-core's WCAG A/AA rules in both palettes, and no space between two
Chinese characters in the text a reader sees.

Screenshots of a few pages go to ``artifacts/screenshots/`` (ignored by git).

``make test`` installs chromium (as root) and sets DLBOOK_REQUIRE_BROWSER=1,
so a missing browser fails there; elsewhere these tests are skipped with a
message when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

import a11y
import page_weight  # scripts/ is on pytest's pythonpath (pyproject.toml)
import sitetools
from dlbook.check.pages import ROOT

pytestmark = pytest.mark.site

SITE = sitetools.SITE
SHOTS = ROOT / "artifacts" / "screenshots"
KB = 1024
# First-visit budget of every page, gzip-compressed bytes (what a static
# host such as GitHub Pages sends): everything the visit moves, HTML, CSS,
# JavaScript, fonts, figures and the search index (ARCHITECTURE.md, "Page weight").
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
def visits(base) -> dict[str, page_weight.Visit]:
    """Every page, visited once: requests, console, render checks.

    A few pages load at once (``page_weight.visit_all``), each with an empty
    cache, and what one page requests is never counted for another
    (test_visits_at_once_keep_each_page_to_itself)."""
    assert PATHS, f"no pages found in {SITE}: build the site first"
    # A few pages photographed: both homes, the first chapter, a notebook.
    wanted = {"", "en/", "neuron/", "en/neuron/"}
    wanted |= set([p for p in PATHS if _is_notebook(p) and not p.startswith("en/")][:1])
    wanted |= set([p for p in PATHS if _is_notebook(p) and p.startswith("en/")][:1])
    shots = {path: SHOTS / _shot_name(path) for path in wanted if path in PATHS}
    out = dict(zip(PATHS, page_weight.visit_all(base, PATHS, screenshots=shots,
                                                inspect=a11y.audit)))
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "page_weight.txt").write_text(
        page_weight.table(list(out.values())) + "\n", "utf-8")
    counts = a11y.count_by_rule({p: v.inspected for p, v in out.items()})
    (ROOT / "artifacts" / "axe.txt").write_text("".join(
        f"{n:5d}  {rule} ({impact})\n" for (rule, impact), n in sorted(counts.items())), "utf-8")
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
        f"{v.image_gzip_bytes / KB:.0f} KB (bookkit/figure_backend.py rasterizes big scatters)")
    html = (SITE / path / "index.html").stat().st_size
    html_budget = NOTEBOOK_HTML_BUDGET if _is_notebook(path) else TEXT_HTML_BUDGET
    assert html <= html_budget, \
        f"/{path}: expected an HTML document of at most {html_budget // KB} KB, got {html // KB} KB"


@pytest.mark.parametrize("path", PATHS)
def test_no_serious_accessibility_violation(visits, path):
    """axe-core, WCAG 2.0/2.1 A and AA, light palette, and the colour rules
    on the dark one (English pages; every violation of every page:
    artifacts/axe.txt)."""
    bad = a11y.failing(visits[path].inspected["axe"])
    assert not bad, f"/{path}: {len(bad)} serious or critical axe violations:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", [p for p in PATHS if _lang(p) == "zh"])
def test_no_space_between_chinese_characters(visits, path):
    """A newline in the source between two Chinese characters shows as a
    space (hooks/cjk.py joins such lines)."""
    gaps = a11y.cjk_gaps(visits[path].inspected["text"])
    assert not gaps, f"/{path}: {len(gaps)} spaces between Chinese characters: {gaps[:10]}"


def test_the_audit_finds_planted_faults(tmp_path):
    """A low-contrast colour, an unlabelled link and a space between two
    Chinese characters are each reported; a clean page has none."""
    pages = {
        "grey/": '<p style="color:#bbb;background:#fff">pale grey on white</p>',
        "unnamed/": '<p>text</p><a href="#annotation"></a>',
        "gap/": "<p>深度学习\n很有用，<code>x</code> 与 <code>y</code>。</p>",
        "clean/": "<p>深度学习很有用，<code>x</code> 与 <code>y</code>。Deep\nlearning.</p>",
    }
    for path, body in pages.items():
        (tmp_path / path).mkdir()
        (tmp_path / path / "index.html").write_text(
            '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title>'
            '<link rel="icon" href="data:,">'
            f"</head><body><main><article>{body}</article></main></body></html>", "utf-8")
    (tmp_path / "index.html").write_text("<!doctype html><title>home</title>")
    with sitetools.serve(tmp_path) as url:
        got = {v.path: v.inspected
               for v in page_weight.visit_all(url, list(pages), inspect=a11y.audit)}
    rules = {p: sorted({line.split(" ")[0] for line in a11y.failing(a["axe"])})
             for p, a in got.items()}
    assert rules == {"grey/": ["color-contrast"], "unnamed/": ["link-name"],
                     "gap/": [], "clean/": []}
    assert "p" in a11y.failing(got["grey/"]["axe"])[0]
    assert {p: a11y.cjk_gaps(a["text"]) for p, a in got.items()} == {
        "grey/": [], "unnamed/": [], "gap/": ["深度学习 很有用，□ 与 □"], "clean/": []}


# Colours as the site's stylesheets and pages write them, which chromium
# hands to axe in several notations (rgb, rgba, oklch, color(), ...): text
# that passes, text that fails, text on a gradient (axe cannot tell), on
# translucent and nested backgrounds, faded, shadowed, and links in prose.
COLOURS_PAGE = """<style>
  .a { color: #767676; } .b { color: hsl(0.6turn 60% 40%); } .c { color: hsl(2rad 50% 45%); }
  .d { color: oklch(0.55 0.15 250); background: color(display-p3 0.98 0.98 0.9); }
  .e { color: rgba(0, 0, 0, 0.4); } .f { background: linear-gradient(#fff, #ddd); }
  .g { background: hsla(210, 40%, 20%, 0.8); color: #eee; padding: 4px; }
  .h { opacity: 0.5; } .i { text-shadow: 0 0 2px #000; color: #ccc; }
  .j a { color: #0b57d0; text-decoration: none; } .k { color: currentcolor; }
  .l { font-size: 24px; font-weight: bold; color: #949494; }
</style>
<p class="a">grey that passes</p><p class="b">turns</p><p class="c">radians</p>
<p class="d">oklch on display-p3</p><p class="e">translucent black</p>
<div class="f"><p>on a gradient</p></div>
<div class="g"><p>light on dark</p><div class="g"><p class="k">nested</p></div></div>
<p class="h">faded <span class="a">twice</span></p><p class="i">shadowed</p>
<p class="j">prose with <a href="#x">a link</a> in it, and more prose around it.</p>
<p class="l">large text</p>"""

COLOUR_RESULTS = """async () => {
  const r = await axe.run(document, {runOnly: {type: "rule", values: %s}});
  const known = axe.commons.color.Color.prototype.parseString.known;
  return {known: known ? known.size : 0,
          results: ["violations", "incomplete", "passes"].map(kind => r[kind].map(
            v => [kind, v.id, v.nodes.map(n => [n.target.join(" "), n.impact,
                                                 n.any.map(c => [c.id, c.data])])]))};
}""" % json.dumps(a11y.COLOUR_RULES)


def test_remembering_parsed_colours_changes_no_result(tmp_path):
    """a11y.py keeps what each colour string parses to: axe's colour rules
    give the same colours, ratios and verdicts with and without, on a page
    of many notations and on a page of the site (the dark palette)."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        f'<link rel="icon" href="data:,"></head><body><main>{COLOURS_PAGE}</main></body></html>',
        "utf-8")

    async def results(browser, item):
        url, remember, dark = item
        page = await browser.new_page()
        await page.goto(url, wait_until="load")
        if dark:
            await page.evaluate(a11y._DARK)
        await a11y.load_axe(page, remember_colours=remember)
        got = await page.evaluate(COLOUR_RESULTS)
        await page.close()
        return got

    with sitetools.serve(tmp_path) as url, sitetools.serve(SITE) as site:
        items = [(u, remember, dark) for u, dark in [(url, False), (site + "en/neuron/", True)]
                 for remember in (False, True)]
        got = sitetools.each_at_once(items, results, at_once=2)
    for (u, _, dark), plain, remembered in zip(items[::2], got[::2], got[1::2]):
        assert plain["known"] == 0 and remembered["known"] > 0, (u, plain, remembered)
        assert remembered["results"] == plain["results"], f"{u} (dark: {dark})"
    kinds = {(kind, rule) for kind, rule, _ in sum(got[0]["results"], [])}
    assert {("violations", "color-contrast"), ("incomplete", "color-contrast"),
            ("passes", "color-contrast"), ("passes", "link-in-text-block")} <= kinds, kinds


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


# A page of text with code annotations, a notebook page, and a page with
# content tabs and annotations: what the keyboard and a phone must handle.
KEYBOARD_PAGES = ["neuron/", "notebooks/activations/", "frameworks/"]

# Where the keyboard is, after a Tab: what it is, and whether the page shows
# it (the focused element, its label, or its tab strip looks otherwise than
# when it is not focused; a text box shows its caret).
FOCUS_STOP = """() => {
  const el = document.activeElement;
  if (el === document.body) return {kind: "none", shown: true, id: "", what: "<body>"};
  const tabs = el.closest(".tabbed-set");
  const shown = [el, ...(el.id ? document.querySelectorAll(`label[for="${CSS.escape(el.id)}"]`)
                                : []),
                 ...(tabs ? [tabs.querySelector(".tabbed-labels")] : []),
                 // Material's palette toggle shows the label beside its radio
                 el.nextElementSibling && el.nextElementSibling.matches("label")
                   ? el.nextElementSibling : null].filter(Boolean);
  const looks = () => shown.map(e => {
    const s = getComputedStyle(e), b = getComputedStyle(e, "::before");
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine, b.backgroundColor, b.width, b.transform].join();
  }).join(";");
  const focused = looks();
  el.blur();
  const unfocused = looks();
  el.focus({preventScroll: true});
  const kind = el.matches("a.md-skip") ? "skip link"
    : el.matches(".md-select a[hreflang]") ? "language"
    : el.matches("input.md-search__input") ? "search"
    : el.matches(".tabbed-set > input") ? "tab"
    : el.matches(".md-annotation") ? "annotation"
    : el.closest("article") ? "content" : "other";
  const text = el.matches("input[type=text], input[type=search], input:not([type])");
  return {kind, shown: text || focused !== unfocused, id: el.id,
          what: el.outerHTML.slice(0, 120)};
}"""

# At a phone's width: whatever sticks out on the right, outside the blocks
# that scroll on their own (code, tables, notebook cells, display math).
OVERFLOW = """() => {
  const own = "pre, .md-typeset__scrollwrap, .highlight-ipynb, .jp-OutputArea, " +
              ".katex-display, .arithmatex, .tabbed-labels, .md-annotation__inner";
  const width = document.documentElement.clientWidth;
  window.scrollTo(200, window.scrollY);
  const scrolled = window.scrollX;
  window.scrollTo(0, window.scrollY);
  const out = [...document.querySelectorAll("article *")].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !e.closest(own);
  }).map(e => e.outerHTML.slice(0, 100));
  return {scrolled, out: out.slice(0, 5)};
}"""

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_keyboard_alone_reaches_everything_and_shows_where_it_is(base, browser, path):
    """Tab from the top through the whole page: the skip link first, then the
    palette, language and search controls, the tabs and the annotations, each
    with a visible focus; a tab switches with the arrow keys and an
    annotation opens on focus."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sitetools.open_settled(page, base + path)
    page.add_style_tag(content=NO_TRANSITIONS)
    has = page.evaluate("""() => ({tab: !!document.querySelector(".tabbed-set"),
                                   annotation: !!document.querySelector(".md-annotation")})""")
    stops = []
    for _ in range(400):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STOP)
        if stops and stop["kind"] == "skip link":
            break  # round the page once
        if stop["what"].startswith("<body"):
            continue  # past the page's last stop, in the browser's own
        stops.append(stop)
        if stop["kind"] == "tab" and not any(s["kind"] == "tab" for s in stops[:-1]):
            before = page.evaluate("() => document.activeElement.checked")
            page.keyboard.press("ArrowRight")
            moved = page.evaluate("() => document.activeElement.id")
            assert before and moved != stop["id"], f"/{path}: the arrow keys do not switch tabs"
            page.keyboard.press("ArrowLeft")
        if stop["kind"] == "annotation" and not any(s["kind"] == "annotation" for s in stops[:-1]):
            page.wait_for_function("""() => {
                const tip = document.activeElement.querySelector(".md-tooltip");
                return tip && getComputedStyle(tip).opacity === "1";
            }""", timeout=5000)  # else: a focused annotation stays closed
    page.close()
    kinds = [s["kind"] for s in stops]
    assert kinds[0] == "skip link", f"/{path}: expected the skip link first, got {stops[0]}"
    wanted = {"language", "search", "content"} | {k for k, v in has.items() if v}
    assert wanted <= set(kinds), f"/{path}: the keyboard never reaches {wanted - set(kinds)}"
    hidden = [s["what"] for s in stops if not s["shown"]]
    assert not hidden, f"/{path}: {len(hidden)} focus stops that look unfocused: {hidden[:5]}"


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_a_phone_wide_page_scrolls_sideways_only_inside_code_and_tables(base, browser, path):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    sitetools.open_settled(page, base + path)
    got = page.evaluate(OVERFLOW)
    page.close()
    assert got == {"scrolled": 0, "out": []}, \
        f"/{path}: at 360 px the page scrolls sideways by {got['scrolled']} px: {got['out']}"


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
    sitetools.open_settled(page, base + "en/")
    assert fetched == [], f"expected no search index before searching, got {fetched}"
    page.keyboard.press("/")  # Material's shortcut: focuses the search box
    page.keyboard.type("neuron")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert fetched == [base + "en/" + page_weight.SEARCH_INDEX]
    context.close()


def _tiny_site(root: Path) -> dict[str, str]:
    """Pages that load at once and must not mix: clean ones sharing a
    stylesheet, one that reaches outside, one with a missing image, one whose
    script throws.  Returns each page's title."""
    pages = {f"clean{i}/": "" for i in range(5)}
    pages["outside/"] = ('<script src="http://example.com/tracker.js"></script>'
                         '<img src="https://cdn.example.org/logo.png">')
    pages["outside2/"] = '<link rel="stylesheet" href="https://fonts.example.net/font.css">'
    pages["missing/"] = '<img src="nothing-here.png">'
    pages["throws/"] = '<script>throw new Error("boom")</script>'
    (root / "style.css").write_text("body { color: #333; }\n" * 50)
    # dated a year back: a browser with its cache on would keep it for weeks
    year_ago = time.time() - 365 * 24 * 3600
    os.utime(root / "style.css", (year_ago, year_ago))
    titles = {}
    for path, body in pages.items():
        titles[path] = "page " + path.strip("/")
        (root / path).mkdir()
        (root / path / "index.html").write_text(
            f'<!doctype html><html lang="en"><head><title>{titles[path]}</title>'
            '<link rel="icon" href="data:,"><link rel="stylesheet" href="../style.css">'
            f'</head><body><article><p>{path}</p>{body}</article></body></html>')
    (root / "index.html").write_text("<!doctype html><title>home</title>")
    return titles


def test_visits_at_once_keep_each_page_to_itself(tmp_path):
    """Three pages in flight, each tab kept for three visits: outside requests
    are blocked and reported for the page that made them and no other, and
    every page fetches and counts the shared stylesheet (an empty cache on
    every visit), its gzip bytes included, however often it was compressed."""
    titles = _tiny_site(tmp_path)
    paths, served = list(titles), []
    with sitetools.serve(tmp_path, served) as url:
        got = dict(zip(paths, page_weight.visit_all(url, paths, at_once=3)))
    assert [v.path for v in got.values()] == paths
    assert served.count("/style.css") == len(paths), served
    assert {p: v.checks["title"] for p, v in got.items()} == titles
    assert {p: sorted(v.outside) for p, v in got.items() if v.outside} == {
        "outside/": ["http://example.com/tracker.js", "https://cdn.example.org/logo.png"],
        "outside2/": ["https://fonts.example.net/font.css"]}
    assert any("nothing-here.png (404)" in f for f in got["missing/"].failed), got["missing/"]
    assert got["missing/"].checks["broken_images"] == ["nothing-here.png"]
    assert any("boom" in e for e in got["throws/"].console_errors), got["throws/"]
    css = (tmp_path / "style.css").read_bytes()
    for path in [p for p in paths if p.startswith("clean")]:
        v, html = got[path], (tmp_path / path / "index.html").read_bytes()
        assert (v.status, v.requests, v.failed, v.console_errors) == (200, 2, [], []), v
        assert v.bytes == len(html) + len(css)
        assert v.gzip_bytes == len(gzip.compress(html, 6)) + len(gzip.compress(css, 6))


def test_packer_compresses_equal_bodies_once_and_counts_each():
    packer = page_weight.Packer()
    body = b"the same stylesheet on every page\n" * 100
    sizes = [packer.gzip_size(body) for _ in range(3)] + [packer.gzip_size(body + b"!")]
    assert sizes[:3] == [len(gzip.compress(body, 6))] * 3
    assert sizes[3] == len(gzip.compress(body + b"!", 6))
    assert packer.compressed == 2


def test_a_failed_visit_is_raised_naming_its_page_even_beside_a_sync_playwright(
        tmp_path, browser):
    """``browser``: a sync Playwright, whose event loop counts as running in
    this thread; the visits run theirs in another."""
    _tiny_site(tmp_path)
    with sitetools.serve(tmp_path) as url:
        pass  # the server is gone: every visit is refused
    refused = r"^clean1/: the visit failed: .*ERR_CONNECTION_REFUSED"
    with pytest.raises(RuntimeError, match=refused):
        page_weight.visit_all(url, ["clean1/", "clean2/"], at_once=1)


class _Page:
    """What ``sitetools.open_settled`` asks of a Playwright page, recorded."""

    def __init__(self):
        self.calls = []

    def goto(self, url, **options):
        self.calls.append(("goto", url, options))
        return "response"

    def wait_for_load_state(self, state, **options):
        self.calls.append(("wait", state, options))


class _AsyncPage(_Page):
    async def goto(self, url, **options):
        return _Page.goto(self, url, **options)

    async def wait_for_load_state(self, state, **options):
        _Page.wait_for_load_state(self, state, **options)


@pytest.mark.parametrize("kind", [_Page, _AsyncPage])
def test_open_settled_waits_for_a_quiet_network_and_then_the_load_event(kind):
    page = kind()
    got = sitetools.open_settled(page, "http://x/", timeout=5)
    if kind is _AsyncPage:
        got = sitetools.run_apart(got)
    assert got == "response"
    assert page.calls == [("goto", "http://x/", {"wait_until": "networkidle", "timeout": 5}),
                          ("wait", "load", {"timeout": 5})]
