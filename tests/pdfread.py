"""The text and the pictures of a PDF that chromium printed, read cheaply.

A helper of the tests (not a test module).  pypdf parses the file, the
fonts and their ToUnicode maps; what is read here from the bytes is only
where a page draws its glyphs and how the structure tree hangs together.
pypdf's ``page.extract_text()`` would also lay out each of chromium's
~1.4 million operators per book (one ``Tj`` per glyph), and parse each of
the ~55,000 elements of its structure tree: ~20 s of CPU per PDF, where
this reading takes ~1.5 s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from pypdf.generic._font import Font  # the font reading of pypdf's extract_text

# What a page's text is drawn with (chromium): glyph codes in hex shown by Tj,
# each placed by a text matrix (Tm, whose last two numbers are x and y), a
# font and its size (Tf), the graphics state, which holds the font, saved and
# restored (q, Q), and forms, which draw their own content (Do).
DRAW = re.compile(rb"<([0-9A-Fa-f\s]*)>\s*Tj|/([^\s/<>\[\]()]+)\s+(\S+)\s+Tf"
                  rb"|(?<!\S)([qQ])(?!\S)|/([^\s/<>\[\]()]+)\s+Do")
# The same, and where: reading every Tm costs twice the time, so only
# ``page_glyphs`` does.
PLACED = re.compile(DRAW.pattern + rb"|(-?[\d.]+)\s+(-?[\d.]+)\s+Tm")
# Any other way to show text (literal strings, TJ arrays, ' and "), or
# inline images, whose bytes could look like the operators above
UNREAD = re.compile(rb"[('\"]|(?<![\w/])(?:TJ|BI)\b")
# In the bytes of a structure element: its type, its kids (one, or an array)
FIGURE_ELEMENT = re.compile(rb"/S\s*/Figure(?![^\s/<>\[\]()])")
KIDS = re.compile(rb"/K\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
REF = re.compile(rb"(\d+)\s+(\d+)\s+R")


@dataclass(frozen=True)
class Glyph:
    """What one Tj draws: its characters, where (text space: x grows to the
    right, y down the page), at what font size, in which font."""
    text: str
    x: float
    y: float
    size: float
    font: str


def page_texts(reader: PdfReader) -> tuple[str, ...]:
    """The characters each page draws, in the order it draws them.

    Each glyph is read through its font's ToUnicode map, as a viewer's copy
    and search would, and as ``extract_text`` does; what is left out is the
    spaces and line breaks that ``extract_text`` infers from where each
    glyph sits.  A line break stands between two runs of text.
    """
    return tuple("".join(out) for out, _ in _read(reader, glyphs=False))


def page_glyphs(reader: PdfReader) -> tuple[tuple[Glyph, ...], ...]:
    """The glyphs each page draws, in the order it draws them, with where."""
    return tuple(tuple(glyphs) for _, glyphs in _read(reader, glyphs=True))


def _read(reader: PdfReader, glyphs: bool) -> list[tuple[list[str], list[Glyph]]]:
    """Each page's text pieces (``page_texts``), and its glyphs if asked."""
    fonts: dict[int, tuple[Font, dict[bytes, str], str]] = {}  # each font read once

    def font(resources, name: bytes) -> tuple[Font, dict[bytes, str], str]:
        named = resources.get("/Font") or DictionaryObject()
        if "/" + name.decode() not in named:
            raise ValueError(f"expected the font /{name.decode()} in the resources, "
                             f"got {sorted(named)}")
        ref = named.raw_get("/" + name.decode())
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key not in fonts:
            resource = ref.get_object()
            fonts[key] = (Font.from_font_resource(resource), {},
                          str(resource.get("/BaseFont", "")).split("+")[-1])
        return fonts[key]

    def draw(data: bytes, resources, out: list[str], placed: list[Glyph]) -> None:
        if other := UNREAD.search(data):
            raise ValueError("expected text drawn as chromium draws it, a hex string per Tj; "
                             f"got {data[max(other.start() - 40, 0):other.end() + 40]!r}")
        current, saved, size, x, y = None, [], 0.0, 0.0, 0.0
        for shown, name, points, state, form, *where in (PLACED if glyphs else DRAW).findall(data):
            if shown and current is None:
                raise ValueError(f"expected a font (Tf) before the glyphs <{shown.decode()}>")
            if shown:
                face, memo, base = current
                if shown not in memo:
                    memo[shown] = _decode(face, shown)
                out.append(memo[shown])
                if glyphs:
                    placed.append(Glyph(memo[shown], x, y, size, base))
            elif where and where[0]:
                x, y = float(where[0]), float(where[1])
            elif name:
                current, size = font(resources, name), float(points)
                out.append("\n")
            elif state == b"q":
                saved.append(current)
            elif state == b"Q":
                current = saved.pop()
            else:
                xobject = resources["/XObject"]["/" + form.decode()]
                if xobject["/Subtype"] == "/Form":  # an image draws no text
                    out.append("\n")
                    draw(xobject.get_data(), xobject.get("/Resources") or resources, out, placed)

    pages = []
    for page in reader.pages:
        out: list[str] = []
        placed: list[Glyph] = []
        if (contents := page.get_contents()) is not None:
            draw(contents.get_data(), page.get("/Resources") or {}, out, placed)
        pages.append((out, placed))
    return pages


def _decode(face: Font, hex_codes: bytes) -> str:
    """The characters of a string of glyph codes, read as ``extract_text``
    reads them (an odd last digit is followed by 0, as the PDF spec says)."""
    digits = b"".join(hex_codes.split())
    codes = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode())
    if isinstance(face.encoding, str):
        try:
            chars = codes.decode(face.encoding, "surrogatepass")
        except UnicodeDecodeError:
            chars = codes.decode(face.encoding, "replace")
    else:
        chars = "".join(face.encoding.get(code, chr(code)) for code in codes)
    return "".join(face.character_map.get(char, char) for char in chars)


def figure_alts(reader: PdfReader) -> list[str]:
    """The text of every picture of the PDF: chromium tags each <img> as a
    Figure with its alt text (``page.pdf(tagged=True)``, scripts/book_pdf.py).

    The structure tree is walked from its root through each element's kids
    (``/K``), as a screen reader would; an element's type and kids are read
    from its bytes, and pypdf reads each Figure.
    """
    data, alts = reader.stream.getvalue(), []
    todo = [reader.trailer["/Root"].raw_get("/StructTreeRoot")]
    while todo:
        ref = todo.pop()
        start = reader.xref.get(ref.generation, {}).get(ref.idnum)
        if start is None:
            raise ValueError(f"expected the structure element {ref.idnum} {ref.generation} R "
                             "as a plain object of the file (chromium's PDF 1.4)")
        body = data[start:data.index(b"endobj", start)]
        if FIGURE_ELEMENT.search(body):
            node = ref.get_object()
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
        if kids := KIDS.search(body):
            todo.extend(IndirectObject(int(num), int(gen), reader)
                        for num, gen in REF.findall(kids[1]))
    return alts
