"""hooks/serve.py: which pages a dirty ``mkdocs serve`` must render again,
and the titles it reads without rendering (no build needed)."""

from __future__ import annotations

import json
import os

from hooks import serve


def _tree(tmp_path):
    snippets, includes = tmp_path / "snippets", tmp_path / "includes"
    (snippets / "ch").mkdir(parents=True)
    includes.mkdir()
    (snippets / "ch" / "a.py").write_text("print(1)\n")
    (snippets / "ch" / "a.out").write_text("1\n")
    (snippets / "ch" / "b.py").write_text("print(2)\n")
    (includes / "abbr.md").write_text("*[GPU]: graphics\n")
    (includes / "note.md").write_text('--8<-- "ch/b.py"\n')
    page = tmp_path / "page.md"
    page.write_text('# Page\n\n```python\n--8<-- "ch/a.py"\n```\n\n'
                    "```text\n--8<-- 'ch/a.out'\n```\n\n--8<-- \"note.md\"\n")
    html = tmp_path / "site" / "page" / "index.html"
    html.parent.mkdir(parents=True)
    html.write_text("<html></html>")
    return [snippets, includes], page, html


def _age(path, seconds):
    t = path.stat().st_mtime - seconds
    os.utime(path, (t, t))


def test_includes_follow_quotes_and_nested_markdown(tmp_path):
    bases, page, _ = _tree(tmp_path)
    found = {p.relative_to(tmp_path).as_posix() for p in serve.includes(page.read_text(), bases)}
    assert found == {"snippets/ch/a.py", "snippets/ch/a.out", "includes/note.md",
                     "snippets/ch/b.py"}


def test_section_suffix_resolves_to_the_file(tmp_path):
    bases, _, _ = _tree(tmp_path)
    assert serve._resolve("ch/a.py:setup", bases) == bases[0] / "ch" / "a.py"
    assert serve._resolve("ch/missing.py", bases) is None


def test_page_is_stale_when_an_included_output_changes(tmp_path):
    bases, page, html = _tree(tmp_path)
    for dep in [page, *bases[0].rglob("*"), *bases[1].rglob("*")]:
        if dep.is_file():
            _age(dep, 100)
    assert serve.stale_pages([(page, html)], bases, ["abbr.md"]) == []
    (bases[0] / "ch" / "b.py").write_text("print(3)\n")  # included through note.md
    assert serve.stale_pages([(page, html)], bases, ["abbr.md"]) == [html]


def test_every_page_is_stale_when_an_auto_appended_file_changes(tmp_path):
    bases, page, html = _tree(tmp_path)
    for dep in [page, *bases[0].rglob("*.*"), *bases[1].rglob("*.*")]:
        _age(dep, 100)
    (bases[1] / "abbr.md").write_text("*[CPU]: processor\n")
    assert serve.stale_pages([(page, html)], bases, ["abbr.md"]) == [html]


def test_unbuilt_and_notebook_pages_are_left_to_mkdocs(tmp_path):
    bases, page, html = _tree(tmp_path)
    html.unlink()
    nb = tmp_path / "x.ipynb"
    nb.write_text("{}")
    assert serve.stale_pages([(page, html), (nb, html)], bases, []) == []


def test_titles_come_from_front_matter_heading_or_first_notebook_cell(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# 神经元\n\ntext\n")
    assert serve.source_title(md) == "神经元"
    md.write_text("---\ntitle: Front\n---\n\n# Heading\n")
    assert serve.source_title(md) == "Front"
    nb = tmp_path / "b.ipynb"
    nb.write_text(json.dumps({"cells": [
        {"cell_type": "code", "source": ["# not a title\n"]},
        {"cell_type": "markdown", "source": ["Intro\n"]},
        {"cell_type": "markdown", "source": ["text\n", "# Hands-on\n"]}]}))
    assert serve.source_title(nb) == "Hands-on"


def test_compiled_templates_are_reused_until_the_source_changes():
    import jinja2

    sources = {"page.html": "<p>{{ x }}</p>"}
    cache = serve.MemoryBytecodeCache()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        return env.get_template("page.html").render(x=1)

    assert render() == "<p>1</p>"
    assert len(cache.store) == 1
    sources["page.html"] = "<b>{{ x }}</b>"  # an edited override
    assert render() == "<b>1</b>"


def test_api_page_is_stale_when_its_module_changes(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text('"""Package."""\n')
    (tmp_path / "pkg" / "mod.py").write_text('"""Module."""\n')
    page = tmp_path / "mod.md"
    page.write_text("# `pkg.mod`\n\n::: pkg.mod\n    options:\n      x: 1\n")
    html = tmp_path / "mod.html"
    html.write_text("<html></html>")
    assert serve.modules(page.read_text(), tmp_path) == {tmp_path / "pkg" / "mod.py"}
    assert serve.modules("::: pkg\n", tmp_path) == {tmp_path / "pkg" / "__init__.py"}
    for path in (page, tmp_path / "pkg" / "mod.py"):
        _age(path, 100)
    assert serve.stale_pages([(page, html)], [], [], tmp_path) == []
    (tmp_path / "pkg" / "mod.py").write_text('"""Module, edited."""\n')
    assert serve.stale_pages([(page, html)], [], [], tmp_path) == [html]


def test_only_the_dirty_build_warning_is_dropped_and_only_while_serving_dirty():
    import logging

    from mkdocs.commands import build as mkdocs_build

    def passes(msg: str) -> bool:
        record = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0, msg,
                                   None, None)
        return logging.getLogger("mkdocs.commands.build").filter(record)

    # the message MkDocs really logs (it fails here if MkDocs rewords it)
    assert serve.DIRTY_WARNING in open(mkdocs_build.__file__, encoding="utf-8").read()
    warning = serve.DIRTY_WARNING + ", this will likely lead to inaccurate navigation"
    serve.on_startup("serve", dirty=True)
    try:
        assert not passes(warning)
        assert passes("Doc file 'x.md' contains a link to 'y.md', which is not found")
    finally:
        serve.on_startup("build", dirty=False)
    assert passes(warning)
