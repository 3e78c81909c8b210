"""The offline copies of the book work from disk, alone (``make offline``).

Each zip (``dist/dlbook-<lang>-offline.zip``) is unzipped into a fresh
folder and read as a reader would: every link of every page points at a
file inside that folder, and chromium (driven by Playwright, no server)
opens every page from ``file://``: nothing is requested from anywhere else,
nothing fails, math is typeset and images load; and search finds the
language's own words.

A zip that was not built is skipped with how to build it; chromium missing
skips the browser checks as in ``tests/test_browser.py``.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

import sitetools  # scripts/ is on pytest's pythonpath (pyproject.toml)

pytestmark = pytest.mark.offline

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
LANGS = ("zh", "en")
# A word of the first chapter and of a later one, in each language.
WORDS = {"zh": ["神经元", "反向传播"], "en": ["neuron", "backpropagation"]}
LINK = re.compile(r"""\b(?:href|src)=["']([^"']+)["']""")
LOCAL_SCHEMES = ("file", "data", "blob", "about")
HAS_CHROMIUM = Path(sitetools.CHROMIUM).exists()
if not HAS_CHROMIUM and os.environ.get("DLBOOK_REQUIRE_BROWSER"):
    raise RuntimeError(f"expected chromium at {sitetools.CHROMIUM}, found nothing: "
                       "`apt-get install -y chromium` (make test does it as root)")
needs_chromium = pytest.mark.skipif(
    not HAS_CHROMIUM, reason=f"no chromium at {sitetools.CHROMIUM} (apt-get install -y chromium)")


def zip_path(lang: str) -> Path:
    return DIST / f"dlbook-{lang}-offline.zip"


@pytest.fixture(scope="module", params=LANGS)
def copy(request, tmp_path_factory) -> tuple[str, Path]:
    """(lang, the folder of its unzipped copy): one fresh unzip per language."""
    lang = request.param
    archive = zip_path(lang)
    if not archive.exists():
        pytest.skip(f"{archive.relative_to(ROOT)} is not built: run `make offline`")
    where = tmp_path_factory.mktemp(f"offline-{lang}")
    with zipfile.ZipFile(archive) as z:
        z.extractall(where)
    return lang, where / archive.stem


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if p.name != "404.html")


def test_each_zip_holds_one_folder_with_the_book_of_its_language(copy):
    lang, folder = copy
    tops = {p.name for p in folder.parent.iterdir()}
    assert tops == {folder.name}, f"expected one folder {folder.name}/ in the zip, got {tops}"
    home = (folder / "index.html").read_text("utf-8")
    assert f'<html lang="{lang}"' in home, f"{lang}: the copy's index.html is not a {lang} page"
    other = [p.relative_to(folder).as_posix() for p in _pages(folder)
             if f'<html lang="{lang}"' not in p.read_text("utf-8")]
    assert not other, f"{lang}: pages of another language in the copy: {other[:5]}"
    assert (folder / "search" / "search_index.js").is_file(), \
        f"{lang}: no search/search_index.js: search cannot work from disk"


def _broken_links(page: Path, folder: Path) -> list[str]:
    broken = []
    for ref in LINK.findall(page.read_text("utf-8")):
        url = urlparse(ref)
        if url.scheme or url.netloc or ref.startswith("#"):
            continue  # another site (a plain link, never loaded), data:, or this page
        target = (page.parent / unquote(urldefrag(url.path)[0])).resolve()
        if not target.is_relative_to(folder.resolve()):
            broken.append(f"{ref} (outside the copy)")
        elif target.is_dir():
            broken.append(f"{ref} (a folder: from disk the browser lists it, not its page)")
        elif not target.is_file():
            broken.append(f"{ref} (missing)")
    return broken


def test_every_link_points_at_a_file_inside_the_copy(copy):
    lang, folder = copy
    pages = _pages(folder)
    assert len(pages) > 20, f"{lang}: expected the whole book, got {len(pages)} pages"
    broken = {p.relative_to(folder).as_posix(): b for p in pages if (b := _broken_links(p, folder))}
    assert not broken, f"{lang}: links that do not work from disk: {dict(list(broken.items())[:5])}"


REPORT = re.compile(r'<a href="[^"]*/issues/new\?[^"]*body=([^"&]*)[^"]*"[^>]*dlbook-report')


def test_the_report_link_quotes_the_page_address_on_the_web(copy):
    """Not the file the copy holds: a maintainer opens the page online."""
    lang, folder = copy
    prefix = "" if lang == "zh" else "en/"
    wrong = {}
    for page in _pages(folder):
        rel = page.relative_to(folder).as_posix()
        found = REPORT.search(page.read_text("utf-8"))
        if found is None:
            wrong[rel] = "no report link"
            continue
        quoted = re.search(r"Page: (\S+)", unquote(found.group(1).replace("+", " ")))
        stem = rel.removesuffix(".html").removesuffix("index")
        web = f"{prefix}{stem}/" if stem and not stem.endswith("/") else f"{prefix}{stem}"
        if quoted is None or not quoted.group(1).endswith("/" + web if web else "/"):
            wrong[rel] = quoted.group(1) if quoted else "no address"
    assert not wrong, f"{lang}: expected each page's web address, got {dict(list(wrong.items())[:5])}"


@pytest.fixture(scope="module")
def browser():
    with sitetools.chromium() as b:
        yield b


class Watcher:
    """A browser context that lets only file:// through and notes what went wrong."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.seen: dict[str, list[str]] = {"outside": [], "failed": [], "errors": []}
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.seen["errors"].append(m.text))
        self.page.on("pageerror", lambda e: self.seen["errors"].append(f"pageerror: {e}"))
        self.page.on("requestfailed", self._failed)

    def _route(self, r) -> None:
        if urlparse(r.request.url).scheme in LOCAL_SCHEMES:
            r.continue_()
        else:
            self.seen["outside"].append(r.request.url)
            r.abort()

    def _failed(self, r) -> None:
        # ERR_ABORTED: cut short by going on to the next page (the favicon)
        if r.failure != "net::ERR_ABORTED":
            self.seen["failed"].append(f"{r.url} ({r.failure})")

    def open(self, path: Path):
        """The page of ``path``, loaded (scripts run, images in)."""
        self.page.goto(path.as_uri(), wait_until="load")
        return self.page

    def problems(self) -> dict[str, list[str]]:
        """What went wrong since the last call."""
        found = {k: v[:] for k, v in self.seen.items() if v}
        for v in self.seen.values():
            v.clear()
        return found


RENDERED = """() => {
  const math = [...document.querySelectorAll("article .arithmatex")];
  const imgs = [...document.querySelectorAll("article img")];
  return {
    math: math.length,
    math_left: math.filter(e => !e.querySelector(".katex")).length,
    broken_images: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
  };
}"""


@needs_chromium
def test_every_page_opens_from_disk_with_nothing_from_outside(copy, browser):
    lang, folder = copy
    watcher, problems, math = Watcher(browser), {}, 0
    for path in _pages(folder):
        shown = watcher.open(path).evaluate(RENDERED)
        math += shown["math"]
        wrong = watcher.problems()
        if shown["math_left"]:
            wrong["math not typeset"] = shown["math_left"]
        if shown["broken_images"]:
            wrong["images not loaded"] = shown["broken_images"]
        if wrong:
            problems[path.relative_to(folder).as_posix()] = wrong
    watcher.context.close()
    assert not problems, f"{lang}: {len(problems)} pages: {dict(list(problems.items())[:3])}"
    assert math > 0, f"{lang}: no formula found in the whole copy: is KaTeX checked at all?"


def _search(page, term: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.press("End")  # Material listens to key events
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


@needs_chromium
def test_search_from_disk_finds_words_of_the_copys_language(copy, browser):
    lang, folder = copy
    watcher = Watcher(browser)
    page = watcher.open(folder / "index.html")
    for term in WORDS[lang]:
        hrefs = _search(page, term)
        assert hrefs, f"{lang}: no result for {term!r}"
        top = Path(unquote(urlparse(hrefs[0]).path))
        assert top.is_relative_to(folder) and top.suffix == ".html", \
            f"{lang}: the top result for {term!r} is not a page of the copy: {hrefs[0]}"
        assert term.lower() in top.read_text("utf-8").lower(), \
            f"{lang}: the top result {top.relative_to(folder)} for {term!r} does not contain it"
    problems = watcher.problems()
    watcher.context.close()
    assert not problems, f"{lang}: searching went wrong: {problems}"
