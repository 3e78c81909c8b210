"""One concept, one name: the pages use the glossary's term, never a known
variant of it.

Each glossary ends with a table of the other names a reader meets elsewhere
(“其他译法” on the Chinese page, "Other names and spellings" on the English
one): the book's term on the left, its variants on the right.  That table is
the only list of variants.  This test reads the prose of every page of a
language, the notebooks' markdown cells, the tooltips and both glossaries
(each names every concept in both languages), and fails on each variant it
finds, naming the page, the line and the term to write instead.

The Chinese table may also list an English word that Chinese prose should
not leave untranslated ("epoch" for 轮次, "nat" for 奈特): such a Latin
variant is looked for, as a whole word and case-sensitively, in the Chinese
pages, notebook cells and figure text only, not in the glossaries or the
tooltips, which name every concept in English on purpose.  The Chinese
figure text (``snippets/figures.zh.yml``) is prose too.

Two more rules of the Chinese text live here, since no table can list them:
numbers are written without thousands separators (1797, not 1,797), and
the figure text quotes with “ ”, not ASCII quotes.

Prose only: fenced blocks, inline code, maths, link targets, footnote
references, HTML comments and footnote definitions (citations quote titles
as published) are left out.  A page may still name a variant as an alias, right after “也叫”,
“又称”, "also called" ...: “**卷积核**，也叫滤波器”.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bookkit import notebook_gen, runs
import yaml

from dlbook.check.pages import DOCS, LANGS, ROOT, pages

ABBR = DOCS / "includes" / "abbreviations.md"
NOTEBOOKS = ROOT / "snippets" / "notebooks"
FIGURES_ZH = ROOT / "snippets" / "figures.zh.yml"
# The header of each glossary's table of variants.
VARIANTS_HEADER = {"zh": "| 本书的写法 | 其他常见写法 |", "en": "| This book | Also written |"}
VARIANT_SEP = {"zh": "、", "en": ", "}
# Words that introduce a variant as an alias: the one place it may appear.
ALIAS = {"zh": re.compile(r"(?:也叫|又叫|也称|又称|或称|亦称|俗称)[“\"]?$"),
         "en": re.compile(r"(?:also called|also known as|a\.k\.a\.)\s+(?:an?\s+)?[\"“]?$", re.I)}
GENERATED = {"api", "figures", "notebooks"}  # built from other sources, not pages
# Offences known today, (where, variant or number): each must still be found,
# so that its entry is deleted here once the text is fixed.
KNOWN: set[tuple[str, str]] = set()

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,}).*?^\1\2[ \t]*$", re.DOTALL | re.MULTILINE)
_NOT_PROSE = [
    _FENCE,
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"^\[\^[^\]]+\]:.*$", re.MULTILINE),  # footnote definitions: citations
    re.compile(r"``.+?``|`[^`\n]+`"),
    re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.DOTALL),
    re.compile(r"\]\([^)\s]*\)"),  # link targets (the link text stays)
    re.compile(r"\[\^[^\]\s]+\]"),  # footnote references: [^dropout]
]
# An English word in the Chinese table of variants.
_LATIN = re.compile(r"[A-Za-z]")
# 1,797 or 1,720,320 (not 0.5,1 or a list like 1,2,3)
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")


@dataclass(frozen=True)
class Variant:
    text: str  # what a page should not write ...
    term: str  # ... and the glossary's term for it

    @property
    def foreign(self) -> bool:
        """An English word in the Chinese table: looked for in Chinese text only."""
        return _LATIN.search(self.text) is not None and _LATIN.search(self.term) is None \
            or self.text.lower() == self.term.lower()


@dataclass(frozen=True)
class Offence:
    where: str
    line: int
    variant: Variant

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.variant.text!r}, the glossary says {self.variant.term!r}"


def glossary(lang: str) -> Path:
    return DOCS / lang / "glossary" / "index.md"


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _split(text: str, lang: str) -> tuple[list[str], list[str]]:
    """A glossary page's lines outside its table of variants, and the rows of
    that table."""
    lines = text.splitlines()
    header = VARIANTS_HEADER[lang]
    if header not in lines:
        raise AssertionError(f"{glossary(lang)}: no table of variants (header {header!r})")
    start = lines.index(header)
    end = start + 2  # header and |---|
    while end < len(lines) and lines[end].startswith("| "):
        end += 1
    return lines[:start] + [""] * (end - start) + lines[end:], lines[start + 2:end]


def variants(lang: str) -> list[Variant]:
    """The variants recorded in ``lang``'s glossary, each with its term."""
    _, rows = _split(glossary(lang).read_text("utf-8"), lang)
    out = []
    for row in rows:
        term, others = _cells(row)
        out += [Variant(v.strip(), term) for v in others.split(VARIANT_SEP[lang]) if v.strip()]
    return out


def glossary_names(lang: str) -> set[str]:
    """Every name a row of the glossary's main tables gives a concept, in
    either language: its two name cells, and each side of an "a / b" cell."""
    lines, _ = _split(glossary(lang).read_text("utf-8"), lang)
    names = set()
    for row in lines:
        if not row.startswith("| ") or row.startswith("|---"):
            continue
        for cell in _cells(row)[:2]:
            names.add(cell)
            names.update(part.strip() for part in cell.split(" / "))
    return names


def prose(text: str) -> str:
    """Markdown with everything but its prose blanked out; lines keep their
    numbers."""
    def blank(m: re.Match) -> str:
        return " " + "\n" * m.group(0).count("\n")

    for pattern in _NOT_PROSE:
        text = pattern.sub(blank, text)
    return text


def offences(text: str, where: str, lang: str, table: list[Variant],
             bilingual: bool = False) -> list[Offence]:
    """The variants used in a piece of Markdown's prose (aliases excepted).
    ``bilingual`` text (the glossaries, the tooltips) names concepts in
    English on purpose, so the Chinese table's English words pass there."""
    text = prose(text)
    found = []
    for v in table:
        if lang == "en":
            pattern = re.compile(rf"\b{re.escape(v.text)}s?\b", re.IGNORECASE)
        elif v.foreign:
            if bilingual:
                continue
            pattern = re.compile(rf"(?<![A-Za-z_]){re.escape(v.text)}s?(?![A-Za-z_])")
        else:
            pattern = re.compile(re.escape(v.text))
        for m in pattern.finditer(text):
            if ALIAS[lang].search(text[max(0, m.start() - 20):m.start()]):
                continue
            found.append(Offence(where, text.count("\n", 0, m.start()) + 1, v))
    return found


def figure_text_zh() -> str:
    """The Chinese drawn on the figures: the translations in
    ``snippets/figures.zh.yml``, one a line."""
    data = yaml.safe_load(FIGURES_ZH.read_text("utf-8"))
    return "\n".join(list(data["text"].values()) + [p["zh"] for p in data["patterns"]])


def texts(lang: str) -> list[tuple[str, str, bool]]:
    """(where, Markdown, bilingual) of everything a reader of ``lang`` reads
    as prose; ``bilingual`` where it names concepts in both languages."""
    out = []
    for page in pages(lang):
        if GENERATED & set(page.relative_to(DOCS / lang).parts):
            continue
        if page != glossary(lang):
            out.append((str(page.relative_to(ROOT)), page.read_text("utf-8"), False))
    # Both glossaries name every concept in both languages.
    for other in LANGS:
        text = "\n".join(_split(glossary(other).read_text("utf-8"), other)[0])
        out.append((str(glossary(other).relative_to(ROOT)), text, True))
    for source in runs.hands_on_sources():
        nb = notebook_gen.for_language(notebook_gen.read_source(source.read_text("utf-8")), lang)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                out.append((f"{source.relative_to(ROOT)} ({lang} markdown cell {i + 1})",
                            cell.source, False))
    # The tooltips hold both languages on each line; each language's
    # variants are looked for in all of it.
    out.append((str(ABBR.relative_to(ROOT)), ABBR.read_text("utf-8"), True))
    if lang == "zh":
        out.append((str(FIGURES_ZH.relative_to(ROOT)), figure_text_zh(), False))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_variant_belongs_to_a_term_the_glossary_defines(lang):
    table = variants(lang)
    assert len(table) >= 15, f"{glossary(lang)}: only {len(table)} variants recorded"
    names = glossary_names(lang)
    for v in table:
        assert v.term in names, f"{lang} glossary: variant {v.text!r} names {v.term!r}, which no row defines"
        if lang == "zh" and v.foreign:
            # an English word Chinese prose should not use: a concept's English name
            assert v.text != v.term and v.text.lower() in {n.lower() for n in names}, (
                f"zh glossary: English variant {v.text!r} is no concept's English name")
            continue
        assert v.text not in names, f"{lang} glossary: {v.text!r} is both a term and a variant"
        assert v.text.lower() not in v.term.lower(), (
            f"{lang} glossary: variant {v.text!r} is part of its own term {v.term!r}")
    listed = [v.text for v in table]
    assert len(listed) == len(set(listed)), f"{lang} glossary: a variant is listed twice"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_use_the_glossary_term_for_each_concept(lang):
    table = variants(lang)
    found = [o for where, text, bilingual in texts(lang)
             for o in offences(text, where, lang, table, bilingual)
             if (o.where, o.variant.text) not in KNOWN]
    assert not found, "a page uses a variant instead of the glossary's term:\n" + "\n".join(
        map(str, found))


def test_variants_are_found_in_prose_and_only_there():
    zh = [Variant("批次", "批量"), Variant("滤波器", "卷积核")]
    text = ("每个批次先加噪声。\n\n"
            "```python\nx = 批次  # code\n```\n\n"
            "    ```text\n    批次\n    ```\n"
            "`批次` 与 \\(\\text{批次}\\) 不算；[批次](../批次.md) 算一次。\n"
            "**卷积核**，也叫滤波器。\n"
            "<!-- 批次 -->\n"
            "[^a]: 某论文：批次。\n")
    assert [(o.line, o.variant.text) for o in offences(text, "page", "zh", zh)] == [
        (1, "批次"), (10, "批次")]
    en = [Variant("layer normalization", "layer normalisation"), Variant("dataset", "data set")]
    text = ("Layer Normalization helps.\nTwo datasets, one `dataset`.\n"
            "A data set, also called a dataset.\n"
            "[^k]: Y. Koren. A dataset paper.\n")
    assert [(o.line, o.variant.text) for o in offences(text, "page", "en", en)] == [
        (1, "layer normalization"), (2, "dataset")]


def thousands_separators(text: str) -> list[tuple[int, str]]:
    """(line, number) for each number of a piece of Markdown's prose written
    with a thousands separator."""
    text = prose(text)
    return [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in _THOUSANDS.finditer(text)]


def test_chinese_numbers_have_no_thousands_separator():
    found = [f"{where}:{line}: {number!r}, write {number.replace(',', '')!r}"
             for where, text, _ in texts("zh")
             for line, number in thousands_separators(text)
             if (where, number) not in KNOWN]
    assert not found, "Chinese prose writes numbers without separators:\n" + "\n".join(found)


def test_chinese_figure_text_quotes_with_chinese_quotes():
    found = [line for line in figure_text_zh().splitlines() if re.search(r"['\"]", line)]
    assert not found, f"{FIGURES_ZH.name}: quote with “ ”, not ASCII quotes:\n" + "\n".join(found)


def test_chinese_text_rules_find_what_they_should():
    zh = [Variant("epoch", "轮次"), Variant("nat", "奈特"), Variant("dropout", "Dropout"),
          Variant("合格", "好样本")]
    text = ("每个 epoch 打乱一次，损失 1.9 nats。\n"
            "Dropout 与 `dropout` 不算；relu_dropout 与 [^dropout] 也不算；epochs 算。\n"
            "八个模式，95% 合格。\n")
    assert [(o.line, o.variant.text) for o in offences(text, "page", "zh", zh)] == [
        (1, "epoch"), (2, "epoch"), (1, "nat"), (3, "合格")]
    assert offences(text, "glossary", "zh", zh, bilingual=True) == [
        Offence("glossary", 3, zh[3])]
    assert thousands_separators("共 1,797 张图，38,282 个参数；`1,000` 与 \\(1,000\\) 不算；0.5,1。\n") == [
        (1, "1,797"), (1, "38,282")]


def test_the_known_offences_are_still_there():
    table = variants("zh")
    found = {(o.where, o.variant.text) for where, text, bilingual in texts("zh")
             for o in offences(text, where, "zh", table, bilingual)}
    found |= {(where, number) for where, text, _ in texts("zh")
              for _, number in thousands_separators(text)}
    assert KNOWN <= found, f"fixed, delete from KNOWN: {sorted(KNOWN - found)}"
