"""bookkit/notebook_gen.py, hooks/handson.py and hooks/downloads.py: the pure
parts, without a build."""

from __future__ import annotations

import io
import json
import zipfile

import jupytext
import pytest

from hooks import downloads, handson
from bookkit import notebook_gen, runs
from bookkit.notebook_gen import PageInfo

SNIPPETS = {
    "ch/a.py": "import torch\nprint(torch.ones(2))  # (1)!\n",
    "ch/a.out": "tensor([1., 1.])\n",
    "ch/b.py": "x = 1\n",
}


def expand(line: str) -> list[str]:
    """A stand-in for pymdownx.snippets: the included file's lines."""
    name = notebook_gen.INCLUDE.match(line).group(1)
    return SNIPPETS[name].splitlines()


def cells(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.source) for c in notebook_gen.page_cells(text, expand)]


PAGE = """# Title

Some prose.

```python
--8<-- "ch/a.py"
```

1.  The annotation.

<!--pytest-codeblocks:expected-output-->

```text
tensor([1., 1.])
```

More prose.
"""


def test_prose_becomes_markdown_and_snippets_become_code():
    assert cells(PAGE) == [
        ("markdown", "# Title\n\nSome prose."),
        ("code", "import torch\nprint(torch.ones(2))  # (1)"),
        ("markdown", "1.  The annotation.\n\nMore prose."),
    ]


def test_expected_output_is_dropped_in_the_old_and_the_new_form():
    new = PAGE.replace(
        "<!--pytest-codeblocks:expected-output-->\n\n```text\ntensor([1., 1.])\n```",
        '```text\n--8<-- "ch/a.out"\n```')
    assert cells(new) == cells(PAGE)
    assert "tensor([1., 1.])" not in json.dumps(cells(new))


def test_a_text_block_that_is_not_an_output_stays():
    page = '```python\n--8<-- "ch/b.py"\n```\n\nOn our machine:\n\n```text\nhello\n```\n'
    assert cells(page)[-1] == ("markdown", "On our machine:\n\n```text\nhello\n```")


def test_a_skipped_block_is_shown_not_run():
    page = '<!--pytest.mark.skip(reason="torchrun")-->\n\n```python\n--8<-- "ch/a.py"\n```\n'
    assert cells(page) == [("markdown", "```python\nimport torch\nprint(torch.ones(2))  # (1)\n```")]


def test_admonitions_and_tabs_become_headed_paragraphs():
    page = ("1.  Question?\n\n    ??? success \"Solution\"\n\n        Answer.\n\n"
            "        ```python\n        --8<-- \"ch/b.py\"\n        ```\n\n"
            "!!! tip\n    A tip.\n\n=== \"JAX\"\n\n    ```python\n    x = 2\n    ```\n")
    assert cells(page) == [
        ("markdown", "1.  Question?\n\n    **Solution**\n\n    Answer."),
        ("code", "x = 1"),
        ("markdown", "**Tip**\n\nA tip.\n\n**JAX**"),
        ("code", "x = 2"),
    ]


def test_an_indented_markdown_cell_is_not_a_code_block():
    page = "1.  Do it.\n\n    ```python\n    x = 1\n    ```\n\n    Because.\n"
    assert cells(page)[-1] == ("markdown", "Because.")


def test_comments_and_abbreviations_are_dropped():
    page = "<!--pytest-codeblocks:cont-->\n\n*[GPU]: graphics card\n\nText.\n"
    assert cells(page) == [("markdown", "Text.")]


INFO = PageInfo(src="cnn/index.md", lang="en", site_url="https://example.org/book/")


def test_math_becomes_dollars_outside_code():
    text = "A \\(x^2\\) and\n\\[\ny = 1\n\\]\n\n```text\n\\(kept\\)\n```"
    out = notebook_gen.rewrite_prose(text, INFO)
    assert out == "A $x^2$ and\n$$\ny = 1\n$$\n\n```text\n\\(kept\\)\n```"


@pytest.mark.parametrize("link, url", [
    ("../rnn/index.md", "https://example.org/book/en/rnn/"),
    ("../rnn/memory.md#results", "https://example.org/book/en/rnn/memory/#results"),
    ("../notebooks/activations.ipynb", "https://example.org/book/en/notebooks/activations/"),
    ("../index.md", "https://example.org/book/en/"),
    ("https://pytorch.org/", "https://pytorch.org/"),
    ("#pooling", "#pooling"),
])
def test_links_point_at_the_site(link, url):
    assert notebook_gen.rewrite_prose(f"[x]({link})", INFO) == f"[x]({url})"


def test_default_language_has_no_prefix_and_figures_are_dropped():
    zh = PageInfo(src="cnn/index.md", lang="zh", site_url="https://example.org/")
    assert notebook_gen.rewrite_prose("[x](../rnn/index.md)", zh) == "[x](https://example.org/rnn/)"
    assert notebook_gen.rewrite_prose("![a plot](../../figures/cnn/x-1.svg)", zh) == ""
    assert (notebook_gen.rewrite_prose("![logo](../assets/logo.png)", zh)
            == "![logo](https://example.org/assets/logo.png)")


def test_page_notebook_starts_with_the_install_line_and_is_stable():
    nb = notebook_gen.page_notebook(PAGE, INFO, expand)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "pip install -e ." in first.source
    assert "[Title](https://example.org/book/en/cnn/)" in first.source
    assert notebook_gen.code_cells(nb) == ["import torch\nprint(torch.ones(2))  # (1)"]
    again = notebook_gen.page_notebook(PAGE, INFO, expand)
    assert notebook_gen.to_ipynb(nb) == notebook_gen.to_ipynb(again)


def test_a_page_without_python_has_no_notebook():
    assert notebook_gen.page_notebook("# T\n\n```console\n$ make\n```\n", INFO, expand) is None


def test_the_script_is_the_notebook_in_percent_format():
    nb = notebook_gen.page_notebook(PAGE, INFO, expand)
    script = notebook_gen.to_script(nb)
    assert "# %%\nimport torch\nprint(torch.ones(2))  # (1)\n" in script
    back = jupytext.reads(script, fmt="py:percent")
    assert notebook_gen.code_cells(back) == notebook_gen.code_cells(nb)


@pytest.mark.parametrize("src, slug, chapter", [
    ("cnn/index.md", "cnn", "cnn"),
    ("rnn/memory.md", "memory", "rnn"),
    ("neuron.md", "neuron", "neuron"),
    ("notebooks/activations.ipynb", "activations", "notebooks"),
])
def test_slug_and_chapter(src, slug, chapter):
    assert (notebook_gen.slug(src), notebook_gen.chapter(src)) == (slug, chapter)


SOURCE = '''# a header comment, not a cell
# %% [markdown] lang="zh"
# # 标题
# %% [markdown] lang="en"
# # Title
# %%
x = 1
# %% [markdown]
# $x$ for both
'''


def test_hands_on_source_splits_into_languages_with_shared_code():
    nb = notebook_gen.read_source(SOURCE)
    zh, en = notebook_gen.for_language(nb, "zh"), notebook_gen.for_language(nb, "en")
    assert [c.source for c in zh.cells] == ["# 标题", "x = 1", "$x$ for both"]
    assert [c.source for c in en.cells] == ["# Title", "x = 1", "$x$ for both"]
    assert all("lang" not in c.metadata for c in zh.cells + en.cells)


def test_chinese_lines_are_joined_in_markdown_cells_not_in_code():
    """Jupyter shows a newline between two Chinese characters as a space."""
    page = "# 标题\n\n前半句，\n后半句。\n\n```python\n# 注释\n# 注释\n```\n"
    nb = notebook_gen.page_notebook(page, PageInfo(src="a.md", lang="zh",
                                                   site_url="https://x.org/"), expand)
    assert [c.source for c in nb.cells[1:]] == ["# 标题\n\n前半句，后半句。", "# 注释\n# 注释"]
    source = '# %% [markdown] lang="zh"\n# 第一行\n# 第二行\n\n# %%\n# 甲\n# 乙\n'
    zh = notebook_gen.for_language(notebook_gen.read_source(source), "zh")
    assert [c.source for c in zh.cells] == ["第一行第二行", "# 甲\n# 乙"]


def test_hands_on_source_rejects_an_unknown_language_and_code_with_a_language():
    with pytest.raises(ValueError, match="lang='fr'"):
        notebook_gen.read_source('# %% [markdown] lang="fr"\n# bonjour\n')
    with pytest.raises(ValueError, match="code is shared"):
        notebook_gen.read_source('# %% lang="zh"\nx = 1\n')
    with pytest.raises(ValueError, match="percent-format"):
        notebook_gen.read_source("x = 1\n")


def test_hands_on_outputs_reach_both_languages():
    nb = notebook_gen.read_source(SOURCE)
    nb.cells[2].outputs = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    nb.cells[2].execution_count = 1
    for lang in ("zh", "en"):
        code = [c for c in notebook_gen.for_language(nb, lang).cells if c.cell_type == "code"]
        assert code[0].outputs[0]["text"] == "1\n" and code[0].execution_count == 1


def test_the_run_key_follows_the_code_not_the_prose():
    nb = notebook_gen.read_source(SOURCE)
    other = notebook_gen.read_source(SOURCE.replace("x = 1", "x = 2"))
    reworded = notebook_gen.read_source(SOURCE.replace("for both", "for both languages"))
    assert runs.key(nb) != runs.key(other)
    assert runs.key(nb) == runs.key(reworded)


def test_write_if_changed_leaves_an_unchanged_file_alone(tmp_path):
    path = tmp_path / "x.ipynb"
    assert handson.write_if_changed(path, "one")
    mtime = path.stat().st_mtime_ns
    assert not handson.write_if_changed(path, "one")
    assert path.stat().st_mtime_ns == mtime
    assert handson.write_if_changed(path, "two") and path.read_text() == "two"


def test_chapter_zip_is_reproducible_and_holds_the_notebooks():
    files = {"cnn/cnn.ipynb": b"{}", "cnn/a.ipynb": b"[]"}
    data = downloads.chapter_zip(files)
    assert data == downloads.chapter_zip(dict(reversed(files.items())))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["cnn/a.ipynb", "cnn/cnn.ipynb"]
        assert z.read("cnn/cnn.ipynb") == b"{}"


@pytest.mark.parametrize("source", runs.hands_on_sources(), ids=lambda p: p.name)
def test_each_hands_on_notebook_has_both_languages_and_a_title(source):
    nb = notebook_gen.read_source(source.read_text("utf-8"))
    langs = [c.metadata.get("lang") for c in nb.cells if c.cell_type == "markdown"]
    assert langs.count("zh") == langs.count("en") > 0
    for lang in ("zh", "en"):
        first = notebook_gen.for_language(nb, lang).cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# ")


def test_execute_draws_inline_pngs_even_under_agg(tmp_path, monkeypatch):
    """The tests run with MPLBACKEND=Agg; a notebook must still show its plots."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    code = "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\nprint(6 * 7)"
    nb = notebook_gen.new_notebook([notebook_gen.Cell("code", code)], "en")
    runs.execute(nb, str(tmp_path))
    outputs = nb.cells[0].outputs
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert any(o.get("text") == "42\n" for o in outputs)
