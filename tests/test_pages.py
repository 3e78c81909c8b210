"""The two languages hold the same pages with the same code, and every
Python fence is one that pytest-codeblocks runs."""

from __future__ import annotations

import re

import pytest

from pages import DOCS, LANGS, SNIPPETS, blocks, counterpart, pages

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


def _code_of(page):
    return [
        (b.syntax, b.code, b.expected_output)
        for b in blocks(page)
        if b.syntax in {"python", "bash", "sh"}
    ]


@pytest.mark.parametrize("page", pages("zh"), ids=lambda p: str(_rel(p)))
def test_both_languages_show_the_same_code(page):
    other = counterpart(page)
    if not other.exists():
        pytest.skip("reported by test_every_page_exists_in_both_languages")
    assert _code_of(page) == _code_of(other), f"code blocks differ between {page} and {other}"


@pytest.mark.parametrize("page", [p for lang in LANGS for p in pages(lang)],
                         ids=lambda p: str(p.relative_to(DOCS)))
def test_python_fences_are_exactly_python(page):
    """pytest-codeblocks silently skips ```py or ```python title="x": forbid them."""
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
                if p.is_file() and p.parent != SNIPPETS / "notebooks"}  # (hands-on notebooks)
    for lang in LANGS:
        assert snippets - used[lang] == set(), f"snippets not included by any {lang} page"
        assert used[lang] - snippets == set(), f"{lang} pages include missing snippets"
