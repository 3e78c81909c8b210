"""Every page's notebook holds the page's code, is the same in both languages,
and runs from top to bottom in an empty folder with no network (``make test``
runs the suite offline)."""

from __future__ import annotations

import re
from functools import cache

import pytest
from mkdocs.config import load_config

import downloads
import handson
import notebook_gen
from pages import DOCS, ROOT, blocks, pages


@cache
def _expand():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return downloads.include_expander(config.mdx_configs["pymdownx.snippets"], ROOT)


def notebook(page):
    lang, src = page.relative_to(DOCS).parts[0], page.relative_to(DOCS / page.relative_to(DOCS).parts[0])
    info = notebook_gen.PageInfo(src=src.as_posix(), lang=lang, site_url="https://example.org/")
    return notebook_gen.page_notebook(page.read_text("utf-8"), info, _expand())


def _lines(code: str) -> list[str]:
    return [notebook_gen.ANNOTATION.sub(r"\1", line).rstrip() for line in code.splitlines()
            if line.strip()]


ZH = [p for p in pages("zh") if notebook(p) is not None]


def _id(p):
    return p.relative_to(DOCS / "zh").as_posix()


def test_pages_with_code_have_notebooks():
    # The API reference and the glossary show no Python block; every chapter does.
    assert len(ZH) >= 20
    assert {notebook_gen.chapter(_id(p)) for p in ZH} >= {"cnn", "rnn", "transformer", "basics"}


@pytest.mark.parametrize("page", ZH, ids=_id)
def test_notebook_holds_every_block_the_page_runs(page):
    ran = [line for b in blocks(page) if b.syntax == "python" and not b.skip
           for line in _lines(b.code)]
    cells = [line for code in notebook_gen.code_cells(notebook(page)) for line in _lines(code)]
    assert cells == ran


@pytest.mark.parametrize("page", ZH, ids=_id)
def test_both_languages_give_the_same_code_cells(page):
    en = DOCS / "en" / page.relative_to(DOCS / "zh")
    assert notebook_gen.code_cells(notebook(page)) == notebook_gen.code_cells(notebook(en))


@pytest.mark.parametrize("page", ZH, ids=_id)
def test_notebook_prose_has_no_site_only_syntax(page):
    nb = notebook(page)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    outside_code = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    assert "--8<--" not in text and "<!--" not in text
    assert not re.search(r"^\s*(!!!|\?\?\?|===) ", outside_code, re.MULTILINE)
    assert "\\(" not in outside_code and "\\[" not in outside_code
    assert not re.search(r"\]\((?!https?://|#)[^)]*\)", outside_code), "a relative link"


# The zh and en notebooks have the same code (test above), so only the zh
# ones are run: each block once more, as a reader runs it, in one kernel.
@pytest.mark.parametrize("page", ZH, ids=_id)
def test_notebook_runs_top_to_bottom(page, tmp_path):
    nb = notebook(page)
    handson.execute(nb, str(tmp_path), pythonpath=str(ROOT))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    assert any(c.outputs for c in nb.cells if c.cell_type == "code"), "nothing printed or drawn"
