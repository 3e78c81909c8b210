"""The hooks' own functions, without a build: fast, and they fail loudly.

``hooks/i18n.py`` splits the search index and rewrites Material's HTML;
``hooks/api.py`` writes the API pages and their nav section.  Each check
below feeds the function a small input shaped like what MkDocs and
Material produce, and the inputs they must refuse.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from hooks import api, i18n

CONFIG_SCRIPT = ('<script id="__config" type="application/json">'
                 '{"base": "../..", "features": [], "search": "assets/search.js"}</script>')
HEAD = ('<head>\n  <link rel="alternate" href="/" hreflang="zh">'
        '\n  <link rel="alternate" href="/en/neuron/" hreflang="en">\n</head>')


# --- hooks/i18n.py ---------------------------------------------------------

def test_alternate_language_links_are_dropped_and_the_rest_kept():
    html = HEAD + '<link rel="stylesheet" href="x.css">'
    out = i18n.drop_alternate_links(html)
    assert "hreflang" not in out and '<link rel="stylesheet" href="x.css">' in out


def test_a_page_without_alternate_links_is_left_alone():
    html = "<head><title>t</title></head>"
    assert i18n.drop_alternate_links(html) == html


def test_an_alternate_link_in_an_unknown_shape_stops_the_build():
    html = '<link hreflang="en" rel="alternate" href="/en/">'  # attributes reordered
    with pytest.raises(PluginError, match="unknown shape"):
        i18n.drop_alternate_links(html, "neuron.md")


def test_config_base_points_at_the_language_folder():
    out = i18n.rebase_config("<body>" + CONFIG_SCRIPT + "</body>", "en")
    config = json.loads(out.split('application/json">')[1].split("</script>")[0])
    assert config == {"base": "../../en/", "features": [], "search": "assets/search.js"}
    assert out.startswith("<body>") and out.endswith("</body>")


def test_a_page_without_materials_config_stops_the_build():
    with pytest.raises(PluginError, match='no <script id="__config"> found'):
        i18n.rebase_config("<html><body>no theme</body></html>", "en", "en/neuron.md")


def _index():
    docs = [{"location": "", "title": "首页", "text": ""},
            {"location": "neuron/#_1", "title": "神经元", "text": ""},
            {"location": "en/", "title": "Home", "text": ""},
            {"location": "en/neuron/#the-neuron", "title": "The neuron", "text": ""},
            {"location": "english-notes/", "title": "not a locale folder", "text": ""}]
    return {"config": {"lang": ["zh", "en"], "separator": " "}, "docs": docs}


def test_search_index_is_split_by_language_with_relative_locations():
    indexes = i18n.split_index(_index(), ["en"])
    zh, en = indexes[None], indexes["en"]
    assert [d["location"] for d in zh["docs"]] == ["", "neuron/#_1", "english-notes/"]
    assert [d["location"] for d in en["docs"]] == ["", "neuron/#the-neuron"]
    assert zh["config"]["lang"] == ["zh", "en"] and en["config"]["lang"] == ["en"]
    assert en["config"]["separator"] == " "


def test_a_language_with_no_page_in_the_index_stops_the_build():
    index = _index()
    index["docs"] = [d for d in index["docs"] if not d["location"].startswith("en/")]
    with pytest.raises(PluginError, match=r"no pages for \['en'\]"):
        i18n.split_index(index, ["en"])


# --- hooks/api.py ----------------------------------------------------------

def test_every_public_dlbook_module_gets_a_page():
    names = api.modules()
    files = sorted(p.stem for p in api.PACKAGE.glob("*.py") if not p.stem.startswith("_"))
    assert names == ["dlbook", *[f"dlbook.{f}" for f in files]]
    assert "dlbook.train" in names and not any(n.split(".")[-1].startswith("_") for n in names)


def test_a_missing_package_stops_the_build(tmp_path):
    with pytest.raises(PluginError, match="no package at"):
        api.modules(tmp_path)


def test_generate_writes_both_languages_and_removes_stale_pages(tmp_path):
    stale = tmp_path / "en" / "api" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("a module that was deleted")
    pages = api.generate(tmp_path)
    assert pages[0] == "api/index.md" and "api/train.md" in pages
    for lang, intro in (("zh", "文档字符串"), ("en", "Generated from the docstrings")):
        train = (tmp_path / lang / "api" / "train.md").read_text("utf-8")
        assert train.startswith("# `dlbook.train`") and intro in train
        assert "::: dlbook.train" in train
        index = (tmp_path / lang / "api" / "index.md").read_text("utf-8")
        assert f"| [`dlbook.train`](train.md) | {api.summary('dlbook.train')} |" in index
    assert not stale.exists()


def test_generate_leaves_unchanged_pages_untouched(tmp_path):
    """``mkdocs serve`` would rebuild in a loop if every build rewrote them."""
    api.generate(tmp_path)
    page = tmp_path / "zh" / "api" / "train.md"
    before = page.stat().st_mtime_ns
    api.generate(tmp_path)
    assert page.stat().st_mtime_ns == before


def test_the_api_section_is_appended_once():
    nav = [{"首页": "index.md"}]
    pages = ["api/index.md", *[f"api/{m.split('.')[-1]}.md" for m in api.modules()]]
    once = api.with_api_section(nav, pages)
    assert once[0] == {"首页": "index.md"} and api.SECTION in once[-1]
    assert once[-1][api.SECTION][0] == {api.OVERVIEW: "api/index.md"}
    assert api.with_api_section(once, pages) == once


def test_a_config_without_nav_stops_the_build():
    with pytest.raises(PluginError, match="has no nav"):
        api.with_api_section(None, ["api/index.md"])


def _lang(locale, translations, default=False):
    return SimpleNamespace(locale=locale, default=default, build=True,
                           nav_translations=translations)


def test_every_other_language_must_translate_the_section():
    ok = {api.SECTION: "API reference", api.OVERVIEW: "Overview"}
    api.check_translations([_lang("zh", None, default=True), _lang("en", ok)])
    with pytest.raises(PluginError, match=r"'en' in mkdocs.yml lack \['API 总览'\]"):
        api.check_translations([_lang("en", {api.SECTION: "API reference"})])
