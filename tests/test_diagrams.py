"""hooks/diagrams.py without a build: finding, caching, scoping, inlining.

A fake renderer stands in for chromium in all but the last test, which
draws two real diagrams (one Chinese) when chromium is installed.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from hooks import diagrams as dh
from dlbook.check.pages import DOCS, ROOT

TOKEN = dh.TOKEN


def fake_svg(source: str) -> str:
    """What mermaid returns, in miniature: ids prefixed with the render id
    (the marker), one that is not (the edge), references to both."""
    label = html.escape(source.splitlines()[-1].strip())
    return (f'<svg id="{TOKEN}" xmlns="http://www.w3.org/2000/svg"><style>#{TOKEN} '
            f'.node rect{{fill:var(--md-mermaid-node-bg-color)}}</style>'
            f'<marker id="{TOKEN}_flowchart-v2-pointEnd"></marker>'
            f'<path id="L_a_b_0" marker-end="url(#{TOKEN}_flowchart-v2-pointEnd)"></path>'
            f'<g data-id="L_a_b_0" data-points="W3siZSI6MX1d"></g>'
            f'<use href="#L_a_b_0"></use><text>{label}</text></svg>')


class FakeRenderer:
    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, sources):
        self.calls.append(list(sources))
        return [fake_svg(s) for s in sources]


def pre(source: str) -> str:
    return f'<pre class="mermaid"><code>{html.escape(source)}</code></pre>'


def ids(fragment: str) -> list[str]:
    return re.findall(r'(?<![\w-])id="([^"]+)"', fragment)


GAN = 'graph LR\n  z(("噪声 z")) --> G["生成器 G"]\n'
AE = 'graph LR\n  x["x"] --> E["编码器 & 解码器 <k>"]\n'


# -- finding diagrams ---------------------------------------------------------

@pytest.fixture(scope="module")
def superfences() -> markdown.Markdown:
    """Markdown with the site's own superfences configuration."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=["admonition", "pymdownx.details", "pymdownx.superfences"],
        extension_configs={"pymdownx.superfences":
                           config["mdx_configs"]["pymdownx.superfences"]})


def test_markdown_sources_are_what_the_site_renders_for_every_page(superfences):
    """The first session draws what the pages will ask for, page by page."""
    pages = [p for p in sorted(DOCS.rglob("*.md")) if "```mermaid" in p.read_text("utf-8")]
    assert len(pages) >= 20, f"expected the book's diagram pages, got {len(pages)}"
    for page in pages:
        text = page.read_text("utf-8")
        rendered = superfences.reset().convert(text)
        assert dh.page_sources(rendered) == dh.markdown_sources(text), page


def test_indented_and_tilde_fences_are_found_like_superfences_renders_them(superfences):
    text = ("Intro\n\n~~~mermaid\ngraph TB\n  a --> b\n~~~\n\n"
            '!!! note\n\n    ```mermaid\n    graph LR\n      c["<c>"] --> d\n    ```\n')
    found = dh.markdown_sources(text)
    assert found == ["graph TB\n  a --> b\n", 'graph LR\n  c["<c>"] --> d\n']
    assert dh.page_sources(superfences.reset().convert(text)) == found


def test_material_theme_css_is_read_from_the_real_bundle():
    css = dh.material_theme_css(dh._material_bundle())
    assert "--md-mermaid-node-bg-color" in css and "--md-mermaid-edge-color" in css


def test_material_theme_css_fails_loudly_when_the_bundle_changed():
    good = 'var Xn=".node rect{fill:var(--md-mermaid-node-bg-color)}";' \
           'mermaid.initialize({startOnLoad:!1,themeCSS:Xn,sequence:{}})'
    assert dh.material_theme_css(good) == ".node rect{fill:var(--md-mermaid-node-bg-color)}"
    with pytest.raises(PluginError, match="themeCSS"):
        dh.material_theme_css("mermaid.initialize({startOnLoad:!1})")
    with pytest.raises(PluginError, match="Xn"):
        dh.material_theme_css("mermaid.initialize({themeCSS:Xn})")


def test_config_draws_text_as_svg_text_in_a_cjk_font_stack():
    config = dh.mermaid_config(".node rect{}")
    assert config["htmlLabels"] is False and config["flowchart"]["htmlLabels"] is False
    for font in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"):
        assert font in config["fontFamily"] and font in config["themeCSS"]


# -- the cache ---------------------------------------------------------------

def test_cache_key_changes_with_source_mermaid_and_config():
    config = dh.mermaid_config("x")
    base = dh.cache_key(GAN, "m1", config)
    assert base == dh.cache_key(GAN, "m1", dh.mermaid_config("x"))
    assert base != dh.cache_key(AE, "m1", config)
    assert base != dh.cache_key(GAN, "m2", config)
    assert base != dh.cache_key(GAN, "m1", dh.mermaid_config("y"))


def test_missing_diagrams_are_drawn_in_one_call_then_come_from_the_cache(tmp_path):
    js = tmp_path / "mermaid.min.js"
    js.write_text("v1")
    fake = FakeRenderer()
    d = dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path / "c", renderer=fake, mermaid_js=js)
    svgs = d.draw([GAN, AE, GAN])
    assert fake.calls == [[GAN, AE]]
    assert svgs == {GAN: fake_svg(GAN), AE: fake_svg(AE)}
    assert len(list((tmp_path / "c").glob("*.svg"))) == 2
    # a new process (mkdocs serve restarted) draws nothing
    again = FakeRenderer()
    d2 = dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path / "c", renderer=again, mermaid_js=js)
    assert d2.draw([AE, GAN]) == svgs and again.calls == []
    # a new mermaid draws everything again
    js.write_text("v2")
    d3 = dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path / "c", renderer=again, mermaid_js=js)
    d3.draw([AE, GAN])
    assert again.calls == [[AE, GAN]]


def test_without_a_renderer_only_cached_diagrams_come_back(tmp_path):
    js = tmp_path / "mermaid.min.js"
    js.write_text("v1")
    dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path, renderer=FakeRenderer(),
                mermaid_js=js).draw([GAN])
    d = dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path, renderer=None, mermaid_js=js)
    assert list(d.draw([GAN, AE])) == [GAN]


def test_a_renderer_that_returns_no_svg_fails_the_build(tmp_path):
    js = tmp_path / "mermaid.min.js"
    js.write_text("v1")
    d = dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path, mermaid_js=js,
                    renderer=lambda sources: ["<p>syntax error</p>" for _ in sources])
    with pytest.raises(PluginError, match="expected an <svg"):
        d.draw([GAN])


# -- ids and inlining --------------------------------------------------------

def test_scope_ids_prefixes_every_id_and_its_references():
    svg = dh.scope_ids(fake_svg(GAN), "mermaid-abc")
    assert TOKEN not in svg
    assert set(ids(svg)) == {"mermaid-abc", "mermaid-abc_flowchart-v2-pointEnd",
                             "mermaid-abc-L_a_b_0"}
    assert 'url(#mermaid-abc_flowchart-v2-pointEnd)' in svg
    assert 'href="#mermaid-abc-L_a_b_0"' in svg
    assert "#mermaid-abc .node rect" in svg
    assert 'data-id="L_a_b_0"' in svg and "data-points" not in svg


def test_scope_ids_refuses_an_svg_drawn_with_another_id():
    with pytest.raises(ValueError, match="expected an SVG drawn with id"):
        dh.scope_ids('<svg id="other"></svg>', "x")


def test_inline_gives_every_diagram_of_a_page_its_own_ids():
    page = f"<h1>t</h1>{pre(GAN)}<p>and</p>{pre(AE)}<p>again</p>{pre(GAN)}"
    svgs = {GAN: fake_svg(GAN), AE: fake_svg(AE)}
    keys = {GAN: "1" * 64, AE: "2" * 64}
    out, n = dh.inline(page, svgs, keys)
    assert n == 3 and '<pre class="mermaid">' not in out
    assert out.count('<div class="mermaid dlbook-diagram"><svg') == 3
    all_ids = ids(out)
    assert len(all_ids) == len(set(all_ids)), f"shared ids: {all_ids}"
    assert {"mermaid-1111111111", "mermaid-1111111111-2", "mermaid-2222222222"} <= set(all_ids)
    assert "<h1>t</h1>" in out and "<p>again</p>" in out


def test_inline_leaves_undrawn_diagrams_for_the_browser():
    out, n = dh.inline(pre(GAN) + pre(AE), {GAN: fake_svg(GAN)}, {GAN: "3" * 64})
    assert n == 1
    assert dh.page_sources(out) == [AE]


# -- the hook ----------------------------------------------------------------

def _files(*contents: str):
    pages = [SimpleNamespace(content=c) for c in contents]
    files = [SimpleNamespace(page=p) for p in pages]
    return SimpleNamespace(documentation_pages=lambda: files), pages


@pytest.fixture
def hook_state(monkeypatch, tmp_path):
    js = tmp_path / "mermaid.min.js"
    js.write_text("v1")

    def install(renderer, why=None):
        d = dh.Diagrams(dh.mermaid_config("x"), cache=tmp_path / "cache",
                        renderer=renderer, mermaid_js=js)
        monkeypatch.setattr(dh, "_state", {"diagrams": d, "why": why})
        return d
    return install


def test_on_env_draws_every_language_in_one_session(hook_state, tmp_path):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "gan.md").write_text("# GAN\n\n```mermaid\ngraph LR\n  a --> b\n```\n")
    fake = FakeRenderer()
    hook_state(fake)
    files, pages = _files(f"<p>x</p>{pre(GAN)}", "<p>no diagram</p>", pre(AE))
    dh.on_env(None, {"docs_dir": str(docs)}, files)
    assert fake.calls == [[GAN, AE, "graph LR\n  a --> b\n"]]
    assert '<pre class="mermaid">' not in pages[0].content + pages[2].content
    assert "<svg" in pages[0].content and pages[1].content == "<p>no diagram</p>"
    # the second language's build finds its diagram drawn
    files, pages = _files(pre("graph LR\n  a --> b\n"))
    dh.on_env(None, {"docs_dir": str(docs)}, files)
    assert len(fake.calls) == 1 and "<svg" in pages[0].content


def test_on_env_draws_into_the_copy_print_site_keeps_for_the_print_page(hook_state, tmp_path):
    """make pdf: print-site builds its page from page.html, kept before on_env."""
    hook_state(FakeRenderer())
    files, pages = _files(pre(GAN), "<p>no diagram</p>")
    pages[0].html, pages[1].html = pre(GAN), "<p>no diagram</p>"
    dh.on_env(None, {"docs_dir": str(tmp_path)}, files)
    assert '<pre class="mermaid">' not in pages[0].html and "<svg" in pages[0].html
    assert pages[0].html == pages[0].content and pages[1].html == "<p>no diagram</p>"


def test_on_env_without_chromium_leaves_the_fences_and_says_so_once(hook_state, tmp_path, caplog):
    hook_state(None, why="no chromium at /usr/bin/chromium")
    files, pages = _files(pre(GAN), pre(AE))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.diagrams"):
        dh.on_env(None, {"docs_dir": str(tmp_path)}, files)
        dh.on_env(None, {"docs_dir": str(tmp_path)}, _files(pre(GAN))[0])
    assert [p.content for p in pages] == [pre(GAN), pre(AE)]
    said = [r for r in caplog.records if r.name == "mkdocs.hooks.diagrams"]
    assert len(said) == 1 and said[0].levelno == logging.INFO
    assert "no chromium" in said[0].getMessage() and "browser" in said[0].getMessage()


def test_client_mode_leaves_even_cached_diagrams_to_the_browser(hook_state, tmp_path, caplog):
    d = hook_state(None, why=dh.CLIENT)
    dh.Diagrams(d.config, cache=d.cache, renderer=FakeRenderer(),
                mermaid_js=tmp_path / "mermaid.min.js").draw([GAN])
    files, pages = _files(pre(GAN))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.diagrams"):
        dh.on_env(None, {"docs_dir": str(tmp_path)}, files)
    assert pages[0].content == pre(GAN)
    assert "DLBOOK_DIAGRAMS=client: 1 diagram(s)" in caplog.text


def test_on_env_fails_loudly_when_the_pattern_stops_matching(hook_state, tmp_path):
    hook_state(FakeRenderer())
    files, _ = _files('<pre class="mermaid"><code class="x">graph LR</code></pre>')
    with pytest.raises(PluginError, match="matched none"):
        dh.on_env(None, {"docs_dir": str(tmp_path)}, files)


def test_chromium_missing_names_the_reason(monkeypatch):
    monkeypatch.setenv("DLBOOK_DIAGRAMS", "client")
    assert dh.chromium_missing() == "DLBOOK_DIAGRAMS=client"
    monkeypatch.delenv("DLBOOK_DIAGRAMS")
    monkeypatch.setattr(dh, "CHROMIUM", "/nonexistent/chromium")
    assert "no chromium at /nonexistent/chromium" in dh.chromium_missing()


# -- real chromium -----------------------------------------------------------

needs_chromium = pytest.mark.skipif(not Path(dh.CHROMIUM).exists(),
                                    reason=f"no chromium at {dh.CHROMIUM}")
WIDE = ('graph LR\n  a["pretrained<br/>weights"] --> b(("Discriminator D"))\n'
        '  b --> c["logit: real or fake? MMMMWWWW"] -- "q: add noise" --> d["残差 + 归一化"]\n')
TIMELINE = "timeline\n  title 简史\n  1958 : 感知机\n"


@pytest.fixture(scope="module")
def drawn():
    config = dh.mermaid_config(dh.material_theme_css(dh._material_bundle()))
    return config, dict(zip([GAN, TIMELINE, WIDE],
                            dh.chromium_renderer(config)([GAN, TIMELINE, WIDE])))


@needs_chromium
def test_chromium_draws_chinese_labels_as_text_with_the_palette_colours(drawn):
    config, svgs = drawn
    for svg in svgs.values():
        assert svg.startswith(f'<svg id="{TOKEN}"') and "foreignObject" not in svg
        assert "var(--md-mermaid-" in svg and "Microsoft YaHei" in svg
    texts = "".join(re.findall(r">([^<>]+)</tspan>", svgs[GAN]))
    assert "生成器" in texts and "噪声" in texts
    assert "感知机" in svgs[TIMELINE]
    with pytest.raises(PluginError, match="could not draw"):
        dh.chromium_renderer(config)(["graph LR\n  a -->"])


# Each node's label box and its shape's box, in the page's coordinates.
LABEL_SLACK = """(font) => [...document.querySelectorAll("g.node")].map(node => {
  node.querySelectorAll("text").forEach(t => t.style.fontFamily = font);
  const shape = node.querySelector(":scope > rect, :scope > circle, :scope > g > circle");
  const t = node.querySelector("text").getBoundingClientRect();
  const s = shape.getBoundingClientRect();
  return {label: node.textContent, slack: Math.min(t.left - s.left, s.right - t.right)};
})"""


@needs_chromium
def test_labels_fit_their_boxes_in_a_wider_font_than_the_build_measured(drawn):
    """DejaVu Sans is about 10% wider than Arial-metric Liberation Sans, the
    font chromium measures Latin labels with here; the padding absorbs it."""
    from playwright.sync_api import sync_playwright

    _, svgs = drawn
    svg = dh.scope_ids(svgs[WIDE], "wide")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=dh.CHROMIUM, args=dh.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 2000, "height": 800})
        page.set_content(f"<html><body><div style='width:1900px'>{svg}</div></body></html>")
        measured = {f: page.evaluate(LABEL_SLACK, f)
                    for f in ("Liberation Sans", "DejaVu Sans", "WenQuanYi Zen Hei")}
        browser.close()
    for font, nodes in measured.items():
        assert len(nodes) == 4, nodes
        tight = [n for n in nodes if n["slack"] < 1]
        assert not tight, f"{font}: labels touch or pass their box: {tight}"
