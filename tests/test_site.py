"""Checks on the built site (``make test`` runs ``mkdocs build --strict`` first)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from hooks import api
from dlbook.check.pages import DOCS, LANGS, SNIPPETS, blocks, pages
from sitecheck import SITE, built, html_pages, resolve, soup

pytestmark = pytest.mark.site

CDN_HOSTS = ("googleapis", "gstatic", "jsdelivr", "unpkg", "cdnjs", "cloudflare", "bootcdn", "mathjax.org")


@pytest.fixture(scope="session", autouse=True)
def _site_is_built():
    if not (SITE / "index.html").exists() or not (SITE / "en" / "index.html").exists():
        pytest.fail("site/ is missing: run `mkdocs build --strict` first (make test does)")


# The hands-on notebook pages are generated from snippets/notebooks/ at build time.
HANDS_ON = [DOCS / lang / "notebooks" / f"{src.stem}.ipynb"
            for lang in LANGS for src in sorted((SNIPPETS / "notebooks").glob("*.py"))]
ALL_PAGES = [p for lang in LANGS for p in pages(lang)] + HANDS_ON


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_is_built(page):
    assert built(page).exists(), f"{page} was not built to {built(page)}"


@pytest.mark.parametrize("page", HANDS_ON, ids=lambda p: str(p.relative_to(DOCS)))
def test_notebook_is_rendered_and_downloadable(page):
    """Guards ultrabug/mkdocs-static-i18n#198: a strict build stays green even
    when notebooks come out as raw JSON."""
    out = built(page)
    html = out.read_text("utf-8")
    doc = soup(out)
    article = doc.select_one("article")
    assert article is not None
    assert '"nbformat"' not in article.get_text(), "notebook shown as raw JSON"
    assert doc.select(".jp-Cell"), "no rendered notebook cells"
    assert doc.select(".jp-OutputArea-output"), "notebook was not executed: no outputs"
    if "plt.show()" in (SNIPPETS / "notebooks" / f"{page.stem}.py").read_text("utf-8"):
        assert re.search(r'<img[^>]+src="data:image/png', html), "no plot in the executed notebook"
    link = doc.select_one("a.dlbook-nb-download")
    assert link is not None, "no .ipynb download button"
    ipynb = resolve(out, link["href"])
    assert ipynb.suffix == ".ipynb" and ipynb.is_file(), link["href"]
    assert json.loads(ipynb.read_text("utf-8"))["cells"]
    assert doc.select_one("a.dlbook-download--py"), "no .py download button"


def _runs_python(page: Path) -> bool:
    return any(b.syntax == "python" and not b.skip
               for b in blocks(page))


@pytest.mark.parametrize("page", [p for lang in LANGS for p in pages(lang) if _runs_python(p)],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_page_with_code_offers_its_notebook_script_and_chapter_zip(page):
    import io
    import zipfile

    out = built(page)
    doc = soup(out)
    links = {kind: doc.select_one(f"a.dlbook-download--{kind}") for kind in ("ipynb", "py", "zip")}
    assert all(links.values()), f"missing download buttons: {links}"
    lang = page.relative_to(DOCS).parts[0]
    for a in links.values():
        assert a.get("title") and a.has_attr("download")
        assert ("下载" in a["title"]) == (lang == "zh"), a["title"]
    ipynb = resolve(out, links["ipynb"]["href"])
    nb = json.loads(ipynb.read_text("utf-8"))
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and "pip install" in "".join(nb["cells"][0]["source"])
    script = resolve(out, links["py"]["href"]).read_text("utf-8")
    assert all(c in script for c in code), "the .py is not the notebook's code"
    with zipfile.ZipFile(io.BytesIO(resolve(out, links["zip"]["href"]).read_bytes())) as z:
        assert z.read(f"{links['zip']['href'].split('/')[-1][:-4]}/{ipynb.name}") == ipynb.read_bytes()


def _local_refs(path: Path):
    doc = soup(path)
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("a", "href"), ("source", "src")):
        for el in doc.find_all(tag):
            if tag == "link" and set(el.get("rel", [])) & {"canonical", "alternate"}:
                continue  # metadata for search engines, not something the page loads
            if el.get(attr):
                yield tag, el[attr]


@pytest.mark.parametrize("path", html_pages(),
                         ids=lambda p: str(p.relative_to(SITE)))
def test_no_cdn_and_no_broken_local_reference(path):
    broken, remote = [], []
    for tag, ref in _local_refs(path):
        url = urlparse(ref)
        if url.scheme in ("http", "https") or ref.startswith("//"):
            if tag != "a":  # links a reader clicks may leave the site; loads may not
                remote.append(ref)
            continue
        if url.scheme or ref.startswith("#") or not url.path:
            continue
        if not resolve(path, ref).exists():
            broken.append(ref)
    text = path.read_text("utf-8")
    cdn = [h for h in CDN_HOSTS if h in text]
    assert not remote, f"{path}: loads from outside the site: {remote}"
    assert not cdn, f"{path}: mentions CDN hosts {cdn}"
    assert not broken, f"{path}: broken local references {broken}"


@pytest.mark.parametrize("page", pages("zh"), ids=lambda p: str(p.relative_to(DOCS)))
def test_language_switcher_lands_on_the_same_page(page):
    zh, en = built(page), built(DOCS / "en" / page.relative_to(DOCS / "zh"))
    for here, other, lang in ((zh, en, "en"), (en, zh, "zh")):
        links = soup(here).select(f'a[hreflang="{lang}"]')
        assert links, f"{here}: no link to the {lang} version"
        target = resolve(here, links[0]["href"])
        assert target == other.resolve(), f"{here}: switcher goes to {target}, expected {other}"


def test_navigation_is_translated():
    zh = soup(SITE / "index.html").select_one("nav.md-nav--primary").get_text()
    en = soup(SITE / "en" / "index.html").select_one("nav.md-nav--primary").get_text()
    assert "神经元" in zh and "The neuron" in en
    assert "神经元" not in en, "Chinese nav titles leaked into the English site"


def _search_docs() -> tuple[list[dict], list[dict]]:
    """hooks/i18n.py writes one index per language: zh at the root, en under en/."""
    zh = json.loads((SITE / "search" / "search_index.json").read_text("utf-8"))["docs"]
    en = json.loads((SITE / "en" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return zh, en


def test_chinese_search_index_is_segmented():
    """Material segments Chinese with jieba so that words are searchable."""
    zh, en = _search_docs()
    tokens = set()
    for d in zh:
        tokens.update(re.split(r"[\s\u200b\-_,:!=\[\]()\"`/]+", d["text"] + " " + d["title"]))
    for word in ("神经元", "激活", "函数", "权重", "偏置"):
        assert word in tokens, f"{word!r} is not a search token; is jieba installed?"
    assert any("neuron" in d["text"].lower() for d in en)


def test_each_language_searches_its_own_pages():
    zh, en = _search_docs()
    assert zh and en
    assert not [d["location"] for d in zh if d["location"].startswith("en/")], \
        "the Chinese index holds English pages"
    assert not [d["title"] for d in en if re.search(r"[\u4e00-\u9fff]", d["title"])], \
        "the English index holds Chinese pages"
    # the English locations are relative to /en/, where English pages search
    assert (SITE / "en" / en[0]["location"].split("#")[0] / "index.html").exists()
    config = soup(SITE / "en" / "neuron" / "index.html").select_one("#__config").string
    assert json.loads(config)["base"] == "../../en/", "English pages do not search /en/"
    config = soup(SITE / "neuron" / "index.html").select_one("#__config").string
    assert json.loads(config)["base"] == ".."


@pytest.mark.parametrize("module", api.modules())
def test_every_dlbook_module_has_an_api_page_in_both_languages(module):
    slug = module.split(".")[-1]
    for base, heading in ((SITE, "API 参考"), (SITE / "en", "API reference")):
        page = base / "api" / slug / "index.html"
        assert page.exists(), f"no API page for {module} at {page}"
        doc = soup(page)
        assert doc.select(".doc"), f"{page}: mkdocstrings rendered nothing for {module}"
        nav = doc.select_one("nav.md-nav--primary").get_text()
        assert heading in nav, f"{page}: expected {heading!r} in the navigation"


def test_math_and_diagrams_are_served_by_the_site():
    for lang_root in (SITE, SITE / "en"):
        html = (lang_root / "neuron" / "index.html").read_text("utf-8")
        assert 'class="arithmatex"' in html and "vendor/katex/katex.min.js" in html
        # Diagrams are drawn at build time (inline SVG, no script); only a
        # build without chromium leaves them to the vendored mermaid script.
        drawn = '<div class="mermaid dlbook-diagram"><svg' in html
        assert drawn != ("vendor/mermaid/mermaid.min.js" in html), lang_root
        assert drawn or '<pre class="mermaid">' in html, lang_root
    plain = (SITE / "index.html").read_text("utf-8")
    assert "katex.min.js" not in plain, "pages without math should not load KaTeX"
    assert (SITE / "assets/vendor/katex/fonts").is_dir()
