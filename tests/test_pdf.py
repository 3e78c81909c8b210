"""The PDFs of the book hold every page, in readable text (``make pdf``).

``dist/dlbook-<lang>.pdf`` is read back with pypdf, as a reader's viewer
would: each page of the book (the ``# Title`` of each page in
``docs/<lang>/``, in the order of the navigation) is a bookmark, in that
order, and its title is in the text of the PDF page the bookmark opens.
That text is the characters themselves: no replacement character (U+FFFD),
no look-alike radical in place of a Chinese character (what chromium makes
of Noto Sans CJK, see ``scripts/pdf.css``), no space between two Chinese
characters, and the Chinese is drawn in an embedded TrueType CJK font, not
in boxes.  The code, its printed output,
the math, the figures and the diagrams of the book are in it too.  The text
of every page is read by ``pdfread`` (in a second or so, where pypdf's
``extract_text`` takes ~20 s), the same characters as ``extract_text``'s.

A PDF that was not built is skipped with how to build it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

from a11y import pdf_cjk_gaps
from bookkit.site import undrawn_diagrams
from booknav import DOCS, nav_pages, titles
from dlbook.check.pages import SNIPPETS, blocks, pages
from pdfread import Glyph, figure_alts, page_glyphs, page_texts

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
LANGS = ("zh", "en")
CJK_FONT = "WenQuanYiZenHei"  # pdf.css's "WenQuanYi Zen Hei", as the PDF names it
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# Kangxi radicals and the CJK radicals supplement: never in the book's text
RADICALS = re.compile(r"[\u2e80-\u2fdf]")
SPACE = re.compile(r"\s+")
FIGURE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*figures/[^)\s]+)\)")  # (alt, file)
MERMAID = re.compile(r"^```mermaid\n(.*?)^```", re.DOTALL | re.MULTILINE)
LABEL = re.compile(r'\["([^"]+)"\]')  # a box of a diagram: S["Σ wᵢxᵢ + b"]


def pdf_path(lang: str) -> Path:
    return DIST / f"dlbook-{lang}.pdf"


@cache
def _read(path: Path, mtime: float) -> tuple[PdfReader, tuple[str, ...]]:
    reader = PdfReader(path)
    return reader, page_texts(reader)


@pytest.fixture(scope="module", params=LANGS)
def book(request) -> tuple[str, PdfReader, tuple[str, ...]]:
    """(lang, the PDF, the text of each of its pages)."""
    lang = request.param
    path = pdf_path(lang)
    if not path.exists():
        pytest.skip(f"{path.relative_to(ROOT)} is not built: run `make pdf`")
    reader, texts = _read(path, path.stat().st_mtime)
    return lang, reader, texts


def squeeze(text: str) -> str:
    """Text without its spaces and line breaks (the PDF breaks lines anywhere)."""
    return SPACE.sub("", unicodedata.normalize("NFC", text))


def bookmarks(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, 0-based page) of the top-level bookmarks: the <h1> headings."""
    return [(squeeze(item.title).rstrip("¶"), reader.get_destination_page_number(item))
            for item in reader.outline if not isinstance(item, list)]


def test_every_page_title_is_a_bookmark_in_nav_order(book):
    lang, reader, _ = book
    wanted = [squeeze(t) for _, t in titles(lang)]
    marks = [t for t, _ in bookmarks(reader)]
    missing = [t for t in wanted if t not in marks]
    assert not missing, f"{lang}: page titles that are no bookmark: {missing[:10]}"
    at = [marks.index(t) for t in wanted]
    out_of_order = [wanted[i + 1] for i in range(len(at) - 1) if at[i + 1] <= at[i]]
    assert not out_of_order, f"{lang}: bookmarks out of the nav's order at {out_of_order[:5]}"


def test_every_page_title_is_in_the_text_of_its_pdf_page(book):
    lang, reader, texts = book
    pages = {t: p for t, p in reversed(bookmarks(reader))}  # the first bookmark of a title
    unreadable = []
    for rel, title in titles(lang):
        page = pages.get(squeeze(title))
        if page is not None and squeeze(title) not in squeeze(texts[page]):
            unreadable.append(f"{rel}: {title!r} not in the text of PDF page {page + 1}: "
                              f"{texts[page][:80]!r}")
    assert not unreadable, f"{lang}: {len(unreadable)} titles: {unreadable[:5]}"


def test_each_page_reads_as_pypdfs_extract_text_but_for_spaces(book):
    """Every 40th page: extract_text takes ~0.1 s a page."""
    lang, reader, texts = book
    sample = range(0, len(reader.pages), 40)
    differ = [i + 1 for i in sample
              if SPACE.sub("", reader.pages[i].extract_text()) != SPACE.sub("", texts[i])]
    assert not differ, f"{lang}: PDF pages whose text pdfread reads otherwise than pypdf: {differ}"


def test_text_drawn_otherwise_than_chromium_draws_it_is_an_error_not_skipped(book):
    _, reader, _ = book
    writer = PdfWriter()
    page = writer.add_page(reader.pages[1])
    font = next(iter(page["/Resources"]["/Font"]))
    content = ContentStream(None, writer)  # the page, then a literal string, not a hex one
    content.set_data(page.get_contents().get_data() + f"\nBT {font} 12 Tf (x) Tj ET".encode())
    page.replace_contents(content)
    with pytest.raises(ValueError, match="expected text drawn as chromium draws it"):
        page_texts(writer)


def test_text_has_no_replacement_characters_or_look_alike_radicals(book):
    lang, _, texts = book
    bad = {i + 1: sorted(set(re.findall(r"[\ufffd\u2e80-\u2fdf]", t)))
           for i, t in enumerate(texts) if "\ufffd" in t or RADICALS.search(t)}
    assert not bad, f"{lang}: characters that are not the book's, by PDF page: " \
                    f"{dict(list(bad.items())[:10])}"


def test_no_space_between_chinese_characters(book):
    """A newline in the source between two Chinese characters prints as a
    space (hooks/cjk.py joins such lines)."""
    lang, reader, _ = book
    if lang != "zh":
        pytest.skip("the English book's prose is not Chinese")
    gaps = {i + 1: g for i, page in enumerate(page_glyphs(reader)) if (g := pdf_cjk_gaps(page))}
    assert not gaps, (f"{lang}: {sum(map(len, gaps.values()))} spaces between Chinese "
                      f"characters, by PDF page: {dict(list(gaps.items())[:5])}")


def test_the_space_check_tells_a_stray_space_from_a_formula_or_code():
    """As chromium draws them: one placement (Tm) for a piece of a line."""
    def line(*pieces, x=10.0):
        return [Glyph(ch, x if at is None else at, 500.0, 13.6, font)
                for text, font, at in pieces for ch in text]
    cjk, latin = "WenQuanYiZenHei", "LiberationSans"
    assert pdf_cjk_gaps(line(("拆开来看，", cjk, None), (" ", latin, None), ("用", cjk, None))) \
        == ["拆开来看， 用"]
    assert pdf_cjk_gaps(line(("深度 学习", cjk, None))) == ["深度 学习"]
    # a formula after the space: the text after it is placed anew
    assert pdf_cjk_gaps(line(("输入", cjk, None), (" ", latin, None), ("，给", cjk, 60.0),
                             ("x", "KaTeX_Math-Italic", 40.0))) == []
    # code keeps its spaces, and so does a space beside a Latin word
    assert pdf_cjk_gaps(line(("# 注释 内容", "DejaVuSansMono", None))) == []
    assert pdf_cjk_gaps(line(("用", cjk, None), (" PyTorch ", latin, None), ("写", cjk, None))) \
        == []


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font of the PDF: name -> whether its glyphs are embedded as a
    TrueType or OpenType font program."""
    found: dict[str, bool] = {}
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            parts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            for part in parts:
                desc = part.get("/FontDescriptor")
                if desc is None:
                    continue
                desc = desc.get_object()
                name = str(desc.get("/FontName", part.get("/BaseFont", "?"))).split("+")[-1]
                embedded = "/FontFile2" in desc or "/FontFile3" in desc
                found[name] = found.get(name, False) or embedded
    return found


def test_chinese_is_drawn_in_an_embedded_truetype_cjk_font(book):
    lang, reader, texts = book
    has_cjk = any(CJK.search(t) for t in texts)
    if lang == "zh":
        assert has_cjk, "zh: no Chinese character in the text of the PDF"
    if not has_cjk:
        pytest.skip(f"{lang}: no Chinese in this PDF")
    fonts = _fonts(reader)
    cjk = {name: embedded for name, embedded in fonts.items() if CJK_FONT in name}
    assert cjk and all(cjk.values()), (
        f"{lang}: expected the Chinese in {CJK_FONT}, embedded; the PDF's fonts "
        f"(name: embedded) are {fonts}")


def _first_code_and_output(lang: str) -> tuple[str, str, str]:
    """(page, a line of code, a line it prints) of the first page in nav order that runs one."""
    for rel in nav_pages():
        path = DOCS / lang / rel
        if path.suffix != ".md":
            continue
        for block in blocks(path):
            if block.output and block.syntax == "python":
                code = next(line for line in block.code.splitlines()
                            if line.strip() and not line.startswith("#"))
                out = next(line for line in (SNIPPETS / block.output).read_text("utf-8")
                           .splitlines() if line.strip())
                return rel, code, out
    raise AssertionError(f"{lang}: no page with code and its output")


def test_pdf_shows_code_its_output_and_typeset_math(book):
    lang, reader, texts = book
    text = squeeze("".join(texts))
    rel, code, out = _first_code_and_output(lang)
    assert squeeze(code) in text, f"{lang}: the code of {rel} is not in the PDF: {code!r}"
    assert squeeze(out) in text, f"{lang}: the output of {rel} is not in the PDF: {out!r}"
    katex = sorted(name for name in _fonts(reader) if name.startswith("KaTeX_"))
    assert "KaTeX_Main-Regular" in katex and "KaTeX_Math-Italic" in katex, \
        f"{lang}: expected the math in KaTeX's fonts, got {katex}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_print_page_has_every_diagram_as_svg_and_no_mermaid(lang):
    """The PDF is printed from a page whose diagrams were drawn at build time,
    as on the site: no mermaid runs in the browser that prints it."""
    page = ROOT / "site-print" / lang / "print_page" / "index.html"
    if not page.exists():
        pytest.skip(f"{page.relative_to(ROOT)} is not built: run `make pdf`")
    html = page.read_text("utf-8")
    assert html.count('class="mermaid dlbook-diagram"') > 0, \
        f"{lang}: no diagram drawn as SVG in {page.relative_to(ROOT)}"
    assert undrawn_diagrams(html) == 0 and "mermaid.min.js" not in html, \
        f"{lang}: {undrawn_diagrams(html)} diagrams left to mermaid in the print page"


def test_pdf_draws_every_figure_and_every_diagram(book):
    lang, reader, texts = book
    figures = {alt for page in pages(lang) for alt, _ in FIGURE.findall(page.read_text("utf-8"))}
    assert figures, f"{lang}: no figure found in docs/{lang}: is the check reading the pages?"
    drawn = {squeeze(alt) for alt in figure_alts(reader)}
    missing = sorted(alt for alt in figures if squeeze(alt) not in drawn)
    assert not missing, f"{lang}: {len(missing)} figures of the book are not in the PDF: {missing[:5]}"
    text = squeeze("".join(texts))
    diagrams = [(page, LABEL.findall(body)) for page in pages(lang)
                for body in MERMAID.findall(page.read_text("utf-8"))]
    labelled = [(page, labels) for page, labels in diagrams if labels]
    assert labelled, f"{lang}: no diagram with a quoted label in docs/{lang}"
    missing = [f"{page.relative_to(DOCS)}: {labels[:3]}" for page, labels in labelled
               if not any(squeeze(label.replace("<br/>", "")) in text for label in labels)]
    assert not missing, f"{lang}: diagrams whose labels are not in the PDF's text: {missing}"
