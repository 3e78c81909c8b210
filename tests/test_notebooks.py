"""Every page's notebook holds the page's code, is the same in both languages,
and runs from top to bottom in an empty folder with no network (``make test``
runs the suite offline)."""

from __future__ import annotations

import re

import pytest

from bookkit import notebook_gen, runs
from dlbook.check.pages import DOCS, blocks


def notebook(page):
    return runs.notebook(page)


def _lines(code: str) -> list[str]:
    return [notebook_gen.ANNOTATION.sub(r"\1", line).rstrip() for line in code.splitlines()
            if line.strip()]


ZH = runs.with_code("zh")


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
# ones run, once per change of their code (bookkit/runs.py keeps the run);
# what each cell printed is checked against the page by
# tests/test_codeblocks.py, which reads the same run.
@pytest.mark.parametrize("page", ZH, ids=_id)
def test_notebook_runs_top_to_bottom(page):
    run = runs.run_page(page)
    assert run.error is None, run.error[-3000:]
    cells = [c for c in run.entry.notebook.cells if c.cell_type == "code"]
    ran = [b for b in blocks(page) if b.syntax == "python" and not b.skip]
    assert len(cells) == len(ran)
    assert any(c.outputs for c in cells), "nothing printed or drawn"
