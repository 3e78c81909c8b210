"""MkDocs hook: the API reference, one page per ``dlbook`` module, both languages.

Engineers add modules to ``dlbook/`` all the time, so nobody keeps a list:
before the build this hook writes ``docs/<lang>/api/<module>.md`` (ignored
by git, like ``docs/figures``) for every ``dlbook/*.py`` (``_private.py``
excluded), each holding a short sentence in the page's language and a
mkdocstrings ``::: dlbook.<module>`` block that renders the module's
docstrings (English, as written in the code).  ``api/index.md`` lists the
modules with the first line of each docstring.  The section "API 参考 /
API reference" is appended to the navigation; its English title comes from
``nav_translations`` in ``mkdocs.yml``.

Files are rewritten only when their text changes, so ``mkdocs serve`` does
not rebuild in a loop.  ``tests/test_site.py`` checks that every module has a
rendered page in each language, ``tests/test_hooks.py`` the functions below.

What would fail quietly fails loudly instead (``PluginError``): no
``dlbook`` module found, a ``mkdocs.yml`` without a ``nav`` (the section
would become the whole navigation), or a language whose
``nav_translations`` lacks the section's name (its readers would see the
Chinese one).
"""

from __future__ import annotations

import ast
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dlbook"
SECTION = "API 参考"  # English: nav_translations in mkdocs.yml
OVERVIEW = "API 总览"
LANGS = ("zh", "en")

_INTRO = {
    "zh": "本页由 `dlbook/{file}` 中的文档字符串自动生成（文档字符串用英文书写）。",
    "en": "Generated from the docstrings in `dlbook/{file}`.",
}
_INDEX = {
    "zh": ("# API 参考\n\n`dlbook` 是本书代码所依赖的小型 PyTorch 包：每个模块讲一个概念，"
           "其中每个从零写出的部分都在测试中与 PyTorch 的对应实现逐数值比对。"
           "下面每一页都由模块的文档字符串自动生成。\n\n| 模块 | 内容 |\n|---|---|\n"),
    "en": ("# API reference\n\n`dlbook` is the small PyTorch package the book's code "
           "stands on: one concept per module, and every part written by hand is "
           "tested number by number against its PyTorch counterpart. Each page below "
           "is generated from the module's docstrings.\n\n| module | what |\n|---|---|\n"),
}


def modules(package: Path = PACKAGE) -> list[str]:
    """``dlbook`` and its public modules, in alphabetical order."""
    if not (package / "__init__.py").is_file():
        raise PluginError(f"hooks/api.py: no package at {package}")
    names = sorted(p.stem for p in package.glob("*.py") if not p.stem.startswith("_"))
    return ["dlbook", *[f"dlbook.{n}" for n in names]]


def _source(module: str) -> Path:
    return PACKAGE / ("__init__.py" if module == "dlbook" else f"{module.split('.')[1]}.py")


def _slug(module: str) -> str:
    return "dlbook" if module == "dlbook" else module.split(".")[1]


def summary(module: str) -> str:
    """The first line of the module's docstring (statically: nothing is imported)."""
    try:
        doc = ast.get_docstring(ast.parse(_source(module).read_text("utf-8"))) or ""
    except SyntaxError:  # a module being written right now; mkdocstrings will say more
        doc = ""
    return doc.strip().splitlines()[0].replace("|", "\\|") if doc.strip() else ""


def _write(path: Path, text: str) -> None:
    if not path.exists() or path.read_text("utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def page_paths(mods: list[str]) -> list[str]:
    """The API pages of ``mods``, relative to a language folder: the overview first."""
    return ["api/index.md", *[f"api/{_slug(m)}.md" for m in mods]]


def generate(docs: Path) -> list[str]:
    """Write the pages; return their paths relative to a language folder."""
    mods = modules()
    for lang in LANGS:
        out = docs / lang / "api"
        wanted = {"index.md"} | {f"{_slug(m)}.md" for m in mods}
        for stale in out.glob("*.md"):
            if stale.name not in wanted:
                stale.unlink()
        rows = "".join(f"| [`{m}`]({_slug(m)}.md) | {summary(m)} |\n" for m in mods)
        _write(out / "index.md", _INDEX[lang] + rows)
        for m in mods:
            file = _source(m).name
            text = (f"# `{m}`\n\n{_INTRO[lang].format(file=file)}\n\n"
                    f"::: {m}\n    options:\n      show_root_heading: false\n")
            _write(out / f"{_slug(m)}.md", text)
    return page_paths(mods)


def with_api_section(nav: list | None, pages: list[str]) -> list:
    """``nav`` with the section of API pages appended (once)."""
    if not nav:
        raise PluginError("hooks/api.py: mkdocs.yml has no nav; appending the API "
                          "section would make it the whole navigation")
    entries = [{OVERVIEW: pages[0]}] + [{m: p} for m, p in zip(modules(), pages[1:])]
    if not any(isinstance(item, dict) and SECTION in item for item in nav):
        nav = [*nav, {SECTION: entries}]
    return nav


def check_translations(languages) -> None:
    """Every other language built must translate the section's two names."""
    for lang in languages:
        if lang.default or not lang.build:
            continue
        missing = [t for t in (SECTION, OVERVIEW) if t not in (lang.nav_translations or {})]
        if missing:
            raise PluginError(f"hooks/api.py: nav_translations of {lang.locale!r} in "
                              f"mkdocs.yml lack {missing}")


@event_priority(100)  # before the i18n plugin looks at the files and the nav
def on_config(config):
    pages = generate(Path(config.docs_dir))
    config.nav = with_api_section(config.nav, pages)
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        check_translations(i18n.config.languages)
    return config


# mkdocstrings adds its stylesheet to every page (once per language built);
# only the API pages use it, and overrides/main.html links it there alone.
MKDOCSTRINGS_CSS = "assets/_mkdocstrings.css"


@event_priority(-100)  # after mkdocstrings has added it
def on_pre_build(config) -> None:
    config.extra_css[:] = [c for c in config.extra_css if c != MKDOCSTRINGS_CSS]
