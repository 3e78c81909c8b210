"""Chinese prose wrapped across lines reads without stray spaces.

Authors wrap Chinese paragraphs wherever they like.  A browser (and the PDF
that chromium prints) turns the newline inside a paragraph into a space, and
between two Chinese characters that space is a visible gap that no Chinese
typesetting has.  ``join_cjk_lines`` removes such newlines from the page's
Markdown before it is rendered: a line is joined to the next only where the
last character of the one and the first of the other are both CJK
(characters, or CJK punctuation such as ，。：“”).  A newline next to a Latin
letter, a digit or code stays, so English words across a line keep their
space.  Fenced code, display math, inline math or code that spans the
newline, HTML blocks, headings, tables and list items starting a line are
left as written.

The hook ``hooks/cjk.py`` runs it on every page; the same function joins
the lines of the notebooks' Markdown cells (``notebook_gen.new_notebook``),
which Jupyter renders the same way.
"""

from __future__ import annotations

import re
import unicodedata

from dlbook.check.pages import FENCE

# Han (with extension A and compatibility ideographs), kana, CJK symbols and
# punctuation (、。「」…), fullwidth forms (，：；！？（）).
CJK_CHARS = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# Punctuation that Chinese text uses but Latin text shares (“ ” ‘ ’ — … ·):
# CJK only beside a CJK character.
_SHARED = "\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
CJK = re.compile(f"[{CJK_CHARS}]")
SHARED = re.compile(f"[{_SHARED}]")

HTML = re.compile(r"^\s*<(?![/]?(?:a|b|i|em|strong|code|span|sub|sup|kbd|abbr|br)\b)[!/a-zA-Z]")
# A line that is a block of its own: heading, table row, admonition or tab,
# abbreviation, footnote or link definition, list item, quote, rule.
BLOCK = re.compile(r"^\s*(#{1,6}\s|\||!!!|\?\?\?|===|\*\[|\[\^?[^\]]*\]:|[-*+]\s|\d+[.)]\s|>|:\s)")
# Markup around a line's first or last visible character: emphasis, and a
# link's brackets and address.
_LEAD = re.compile(r"^\s*(?:\*\*|__|\*|_|~~|\[)*")
_TRAIL = re.compile(r"(?:\*\*|__|\*|_|~~|\]\([^()\s]*\)|\])*$")


def is_cjk_pair(left: str, right: str) -> bool:
    """Whether no space belongs between ``left`` and ``right``."""
    if not left or not right:
        return False
    a, b = CJK.match(left), CJK.match(right)
    return bool((a and b) or (a and SHARED.match(right)) or (b and SHARED.match(left)))


def _edge(text: str, bare: str, char: str) -> str:
    """``char``, unless emphasis markup between it and the newline would stop
    closing (or opening) once the lines are joined: CommonMark, which the
    notebooks' Markdown follows, reads ``**重要。**接着`` as no emphasis at
    all.  Such a newline is left as it is."""
    marked = len(bare) != len(text) and not bare.endswith(("]", ")"))
    return "" if marked and unicodedata.category(char or " ").startswith("P") else char


def _last(line: str) -> str:
    text = line.rstrip("\n")
    bare = _TRAIL.sub("", text)
    if not bare or bare.endswith(" "):
        return ""
    return _edge(text, bare, bare[-1])


def _first(line: str) -> str:
    text = line.lstrip()
    bare = _LEAD.sub("", text)
    return _edge(text, bare, bare[:1])


def _open(text: str) -> bool:
    """Whether ``text`` leaves inline code or inline math open."""
    text = re.sub(r"`[^`]*`", "", text)
    if "`" in text:
        return True
    dollars = len(re.findall(r"(?<![$\\])\$(?!\$)", text))
    return text.count("\\(") > text.count("\\)") or dollars % 2 == 1


def _table_row(line: str) -> bool:
    """Whether ``line`` has a cell border (not a ``|`` in code or math)."""
    return "|" in re.sub(r"`[^`]*`|\\\(.*?\\\)", "", line)


def join_cjk_lines(markdown: str) -> str:
    """``markdown`` with every newline inside a paragraph that falls between
    two CJK characters removed (with the next line's indent)."""
    out: list[str] = []
    fence = None       # the open code fence's marker
    math = None        # the open display math's closing delimiter
    html = False       # inside an HTML block (until a blank line)
    paragraph = ""     # the paragraph so far: is inline code or math open?
    can_join = False   # out[-1] is paragraph text that the next line may continue
    for line in markdown.split("\n"):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            out.append(line)
            continue
        if math is not None:
            if stripped.endswith(math):
                math = None
            out.append(line)
            continue
        joinable = False
        if m := FENCE.match(line):
            fence = m.group(2)  # its ticks
        elif stripped.startswith(("$$", "\\[")):
            close = "$$" if stripped.startswith("$$") else "\\]"
            if len(stripped) <= 2 or not stripped.endswith(close):
                math = close
        elif not stripped:
            html = False
        elif html or HTML.match(line):
            # a comment on a line of its own is not a block of HTML
            html = html or not re.fullmatch(r"\s*<!--.*-->\s*", line)
        elif _table_row(line):
            pass
        elif (can_join and not BLOCK.match(line) and not _open(paragraph)
                and is_cjk_pair(_last(out[-1]), _first(line))):
            out[-1] += line.lstrip()
            paragraph += line
            continue
        else:
            paragraph = line
            # a heading is one line; a paragraph may go on on the next one
            joinable = not re.match(r"^\s*#{1,6}\s", line)
        if not joinable:
            paragraph = ""
        can_join = joinable
        out.append(line)
    return "\n".join(out)
