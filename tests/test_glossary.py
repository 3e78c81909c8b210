"""The tooltips (abbreviations appended to every page) and the glossary
pages agree: every tooltip is well formed, bilingual, and its term is listed
in the glossary of both languages."""

from __future__ import annotations

import re

from mkdocs.config import load_config

from dlbook.check.pages import DOCS, ROOT

ABBR = DOCS / "includes" / "abbreviations.md"
LINE = re.compile(r"^\*\[(?P<key>[^\]]+)\]: (?P<text>.+)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _entries() -> dict[str, str]:
    out = {}
    for line in ABBR.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("<!--"):
            continue
        m = LINE.match(line)
        assert m, f"{ABBR}: not an abbreviation line: {line!r}"
        assert m["key"] not in out, f"duplicate tooltip for {m['key']!r}"
        out[m["key"]] = m["text"]
    return out


def test_abbreviations_are_appended_to_every_page():
    config = load_config(str(ROOT / "mkdocs.yml"))
    options = config["mdx_configs"]["pymdownx.snippets"]
    assert options["auto_append"] == ["abbreviations.md"]
    assert "docs/includes" in options["base_path"]
    assert "abbr" in config["markdown_extensions"]


def test_every_tooltip_is_bilingual():
    entries = _entries()
    assert len(entries) >= 30
    for key, text in entries.items():
        assert CJK.search(text), f"tooltip {key!r} has no Chinese: {text!r}"
        assert re.search(r"[A-Za-z]{3}", text), f"tooltip {key!r} has no English"
        assert "\\(" not in text, f"tooltip {key!r}: tooltips cannot render maths"


def test_every_tooltip_term_is_in_both_glossaries():
    for lang in ("zh", "en"):
        page = (DOCS / lang / "glossary" / "index.md").read_text("utf-8")
        rows = [r for r in page.splitlines() if r.startswith("| ")]
        for key in _entries():
            forms = {key, key[:-1]} if key.endswith("s") else {key}  # plurals
            assert any(re.search(rf"\b{re.escape(f)}\b", r, re.I)
                       for r in rows for f in forms), (
                f"{lang} glossary has no row for tooltip term {key!r}")
