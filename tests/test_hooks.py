"""The hooks' own functions, without a build: fast, and they fail loudly.

``hooks/i18n.py`` splits the search index and rewrites Material's HTML;
``hooks/api.py`` writes the API pages and their nav section;
``hooks/offline.py`` and ``hooks/printbook.py`` set up the offline copy and
the print page, which mkdocs.yml's switches (``DLBOOK_OFFLINE``,
``DLBOOK_PRINT``, ``DLBOOK_LANG``) turn on.  Each check
below feeds the function a small input shaped like what MkDocs and
Material produce, and the inputs they must refuse.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from hooks import api, downloads, i18n, offline, printbook

ROOT = Path(__file__).resolve().parents[1]

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


# --- mkdocs.yml's switches, hooks/offline.py, hooks/printbook.py -----------

SWITCHES = ("DLBOOK_OFFLINE", "DLBOOK_PRINT", "DLBOOK_LANG")


def _config(monkeypatch, **env):
    for name in SWITCHES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return load_config(str(ROOT / "mkdocs.yml"))


def test_the_normal_build_is_neither_offline_nor_printed_nor_one_language(monkeypatch):
    config = _config(monkeypatch)
    assert not offline.offline_enabled(config)
    assert printbook.print_plugin(config) is None
    assert config.plugins["i18n"].config.build_only_locale is None


def test_the_switches_turn_on_offline_print_and_one_language(monkeypatch):
    config = _config(monkeypatch, DLBOOK_OFFLINE="true", DLBOOK_PRINT="true", DLBOOK_LANG="en")
    assert offline.offline_enabled(config)
    assert printbook.print_plugin(config) is not None
    assert printbook.print_language(config) == "en"
    assert config.plugins["i18n"].default_language == "en"  # built alone, at the root


def test_a_print_build_of_both_languages_at_once_is_refused(monkeypatch):
    config = _config(monkeypatch, DLBOOK_PRINT="true")
    with pytest.raises(PluginError, match=r"expected DLBOOK_LANG set to one of \['en', 'zh'\], "
                                          "got None"):
        printbook.on_config(config)


def test_a_one_language_build_links_notebooks_to_the_online_home_language(monkeypatch):
    assert downloads.online_home(_config(monkeypatch, DLBOOK_LANG="en")) == "zh"
    assert downloads.online_home(_config(monkeypatch)) == "zh"


@pytest.mark.parametrize("src_uri, lang, url", [
    ("zh/index.md", "zh", "https://x.org/book/"),
    ("zh/rnn/memory.md", "zh", "https://x.org/book/rnn/memory/"),
    ("zh/rnn/index.md", "zh", "https://x.org/book/rnn/"),
    ("en/neuron.md", "en", "https://x.org/book/en/neuron/"),
    ("en/notebooks/activations.ipynb", "en", "https://x.org/book/en/notebooks/activations/"),
])
def test_the_report_link_quotes_the_web_address_in_every_build(src_uri, lang, url):
    """Online, offline (.html files) and in a one-language copy alike."""
    assert offline.web_url(src_uri, lang, "zh", "https://x.org/book/") == url


def test_the_offline_copy_loads_the_worker_shim_from_the_site():
    cdn = "https://unpkg.com/iframe-worker/shim"
    assert offline.local_polyfills([cdn, "other.js"]) == [offline.SHIM, "other.js"]
    assert offline.local_polyfills(["other.js"]) == ["other.js"]


def _files(tmp_path, names):
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    return Files([File(n, str(tmp_path), str(tmp_path / "site"), True) for n in names])


def _plugins(offline_on: bool, building: bool = False):
    return {"material/offline": SimpleNamespace(config=SimpleNamespace(enabled=offline_on)),
            "i18n": SimpleNamespace(building=building)}


def test_only_the_offline_copy_ships_the_worker_shim(tmp_path):
    names = [offline.SHIM, offline.SHIM_DIR + "LICENSE", "assets/extra.css"]
    normal = offline.on_files(_files(tmp_path, names), SimpleNamespace(plugins=_plugins(False)))
    assert [f.src_uri for f in normal] == ["assets/extra.css"]
    kept = offline.on_files(_files(tmp_path, names), SimpleNamespace(plugins=_plugins(True)))
    assert sorted(f.src_uri for f in kept) == sorted(names)
    with pytest.raises(PluginError, match="expected docs/assets/vendor/iframe-worker/shim.js"):
        offline.on_files(_files(tmp_path, ["assets/extra.css"]),
                         SimpleNamespace(plugins=_plugins(True)))


def test_every_language_index_gets_its_script_after_the_split(tmp_path):
    zh = {"docs": [{"location": "", "title": "首页", "text": "神经元"}]}
    en = {"docs": [{"location": "", "title": "Home", "text": "neuron"}]}
    for where, index in [("search", zh), ("en/search", en)]:
        (tmp_path / where).mkdir(parents=True)
        (tmp_path / where / "search_index.json").write_text(json.dumps(index), "utf-8")
    config = SimpleNamespace(plugins=_plugins(True), site_dir=str(tmp_path))
    offline.on_post_build(config)
    for where, index in [("search", zh), ("en/search", en)]:
        script = (tmp_path / where / "search_index.js").read_text("utf-8")
        prefix = "var __index = "
        assert script.startswith(prefix) and json.loads(script[len(prefix):]) == index, where
    (tmp_path / "search" / "search_index.json").unlink()
    (tmp_path / "en" / "search" / "search_index.json").unlink()
    with pytest.raises(PluginError, match="no search/search_index.json"):
        offline.on_post_build(config)


def test_a_notebook_pages_folder_links_point_at_files_in_the_offline_copy():
    page = "notebooks/first-network.html"  # online: the folder notebooks/first-network/
    html = ('<a href="../../workflow/">a</a> <a class="x" href="../../cnn/#conv">b</a> '
            '<a href="../">c</a> <a href="https://example.org/x/">d</a> '
            '<a href="../../../elsewhere/">e</a> <a href="#top">f</a>')
    assert offline.folder_links_to_files(html, page) == (
        '<a href="../workflow/index.html">a</a> <a class="x" href="../cnn/index.html#conv">b</a> '
        '<a href="index.html">c</a> <a href="https://example.org/x/">d</a> '
        '<a href="../../../elsewhere/">e</a> <a href="#top">f</a>')
    assert offline.folder_links_to_files('<a href="rnn/">', "index.html") == \
        '<a href="rnn/index.html">'


def test_print_site_may_be_followed_by_hooks_and_the_autorefs_mkdocstrings_adds_only():
    listed = ["material/search", "mkdocstrings", "i18n", "print-site", "hooks/api.py"]
    assert printbook.only_autorefs_will_follow(listed)
    assert not printbook.only_autorefs_will_follow(listed[:3] + ["print-site", "tags"])
    assert not printbook.only_autorefs_will_follow(["autorefs", *listed])
