"""The two languages hold the same pages with the same code and the same
outputs in the same order, every example has one source under ``snippets/``,
and every ``.out`` belongs to the snippet it follows."""

from __future__ import annotations

import re

import pytest

from dlbook.check.pages import (
    DOCS,
    LANGS,
    SNIPPETS,
    blocks,
    chains,
    counterpart,
    output_path,
    pages,
)

PYTHON_ALIASES = {"py", "py3", "python3", "python", "ipython", "pycon"}
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([^`\s]*)(.*)$")
INCLUDE = re.compile(r'-{1,}8<-{1,}\s+["\']([^"\']+)["\']')


def _rel(p):
    return p.relative_to(DOCS / p.relative_to(DOCS).parts[0])


@pytest.mark.parametrize("suffix", [".md"])
def test_every_page_exists_in_both_languages(suffix):
    zh = {_rel(p) for p in pages("zh", suffix)}
    en = {_rel(p) for p in pages("en", suffix)}
    assert zh - en == set(), f"pages in Chinese only: {sorted(map(str, zh - en))}"
    assert en - zh == set(), f"pages in English only: {sorted(map(str, en - zh))}"


ALL_PAGES = [p for lang in LANGS for p in pages(lang)]


def _page_id(p):
    return str(p.relative_to(DOCS))


@pytest.mark.parametrize("page", pages("zh"), ids=lambda p: str(_rel(p)))
def test_both_languages_show_the_same_code_and_outputs_in_order(page):
    """Code, outputs, cont/skip markers: everything the runner runs once for
    both languages must be the same on both pages."""
    other = counterpart(page)
    if not other.exists():
        pytest.skip("reported by test_every_page_exists_in_both_languages")
    mine = [b.shape for b in blocks(page)]
    theirs = [b.shape for b in blocks(other)]
    assert mine == theirs, (
        f"{page.relative_to(DOCS)} and {other.relative_to(DOCS)} differ "
        "(syntax, snippet, inline code, cont, skip, output):\n"
        + "\n".join(f"  {a}\n  {b}\n" for a, b in zip(mine, theirs) if a != b))


@pytest.mark.parametrize("page", ALL_PAGES, ids=_page_id)
def test_every_code_block_is_one_snippet_file(page):
    """Code is never typed into a page: the fence holds one --8<-- include."""
    inline = [b.id for b in blocks(page) if b.include is None]
    assert not inline, f"code typed into the page instead of snippets/: {inline}"


@pytest.mark.parametrize("page", ALL_PAGES, ids=_page_id)
def test_every_output_follows_its_own_snippet(page):
    """``ch/name.out`` is shown right after ``ch/name.py`` (or ``.sh``)."""
    for block in blocks(page):
        if block.output is not None and block.snippet is not None:
            assert SNIPPETS / block.output == output_path(block.snippet), (
                f"{block.id}: shows {block.output} after {block.include}")
            assert not block.skip or block.runs_in, (
                f"{block.id}: a skipped block shows an output only when its "
                "reason says which run checks it ('runs in make <target>')")


@pytest.mark.parametrize("page", ALL_PAGES, ids=_page_id)
def test_markers_are_understood(page):
    """An unknown or misplaced <!--pytest...--> marker is an error, not a no-op."""
    chains(page)  # raises PageError


def test_every_output_belongs_to_a_snippet():
    orphans = [out.relative_to(SNIPPETS).as_posix() for out in SNIPPETS.rglob("*.out")
               if not any(out.with_suffix(s).exists() for s in (".py", ".sh"))]
    assert not orphans, f".out files with no snippet beside them: {orphans}"


def test_every_shown_snippet_output_is_included_after_it():
    """A committed .out is shown, in both languages, after its snippet."""
    shown = {lang: {b.output for p in pages(lang) for b in blocks(p)} for lang in LANGS}
    for out in SNIPPETS.rglob("*.out"):
        rel = out.relative_to(SNIPPETS).as_posix()
        for lang in LANGS:
            assert rel in shown[lang], f"{rel} is not shown after its snippet on a {lang} page"


@pytest.mark.parametrize("page", [p for lang in LANGS for p in pages(lang)],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_python_fences_are_exactly_python(page):
    """The runner runs only ```python fences: a ```py or ```python title="x" would
    be shown but never run, so forbid them."""
    bad = []
    inside = None
    for n, line in enumerate(page.read_text("utf-8").splitlines(), start=1):
        m = FENCE.match(line)
        if not m:
            continue
        ticks, lang, rest = m.groups()
        if inside is None:
            inside = ticks
            word = lang.strip("{}. ").lower()
            if word in PYTHON_ALIASES and (lang != "python" or rest.strip()):
                bad.append(f"line {n}: {line.strip()!r}")
        elif line.strip().startswith(inside):
            inside = None
    assert not bad, f"{page}: Python fences must be exactly ```python:\n" + "\n".join(bad)


def test_every_snippet_is_shown_in_both_languages():
    used = {lang: set() for lang in LANGS}
    for lang in LANGS:
        for page in pages(lang):
            used[lang].update(INCLUDE.findall(page.read_text("utf-8")))
    snippets = {p.relative_to(SNIPPETS).as_posix() for p in SNIPPETS.rglob("*")
                if p.is_file() and p.parent != SNIPPETS / "notebooks"  # (hands-on notebooks)
                and p.name != "figures.zh.yml"}  # (the figures' translation table)
    for lang in LANGS:
        assert snippets - used[lang] == set(), f"snippets not included by any {lang} page"
        assert used[lang] - snippets == set(), f"{lang} pages include missing snippets"
