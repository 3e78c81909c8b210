"""The figure translation machinery, without a build: bookkit/figure_text.py
(which words are prose, the table, mermaid labels), bookkit/figure_draw.py
(translating and saving a matplotlib figure) and hooks/figures.py (caches,
figure links)."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import pytest

from hooks import figures
from bookkit import figure_backend  # noqa: F401  remembers tight_layout(), as in a run
from bookkit import figure_draw as draw
from bookkit import figure_text as text

TABLE = text.Table(
    "zh",
    text={"Loss": "损失", "epoch": "轮次", "train": "训练", "input": "输入",
          "Translated badly": "still English"},
    patterns=((re.compile(r"step (\d+)"), r"第 \1 步"),
              (re.compile(r"layer (\d+) of (\d+)"), r"第 \1 层（共 \2 层）")),
    keep=frozenset({"LSTM", "softmax", "all-reduce", "Stable Diffusion"}),
    verbatim=frozenset({"the", "cat"}),
)


# -- which words are prose -------------------------------------------------

@pytest.mark.parametrize("s", [
    "x", "t = 5", "f(z)", "code[0]", "x_100", "||dh_T / dx_t||", "conv1",
    "ReLU", "all-MiniLM-L6-v2", "$\\mathdefault{10^{-1}}$", "0.25", "−1",
    "lr=0.001", "'it'", "LSTM", "softmax", "all-reduce",
    "ChatGPT 与 Stable Diffusion", "2-D", "损失", "第 250 步",
])
def test_symbols_numbers_code_and_kept_terms_are_not_prose(s):
    assert text.prose_words(s, TABLE.keep) == []


@pytest.mark.parametrize("s, words", [
    ("Loss", ["Loss"]),
    ("step 250: 8/8 modes", ["step", "modes"]),
    ("LSTM, forget bias 3", ["forget", "bias"]),
    ("self-attention", ["self", "attention"]),
    ("2-D codes of the digits", ["codes", "of", "the", "digits"]),
    ("Stable", ["Stable"]),  # a kept phrase does not keep its words alone
])
def test_english_words_are_prose(s, words):
    assert text.prose_words(s, TABLE.keep) == words


# -- translating one string ------------------------------------------------

def test_exact_entries_translate():
    assert text.translate("Loss", TABLE) == "损失"


def test_patterns_translate_strings_with_numbers():
    assert text.translate("step 250", TABLE) == "第 250 步"
    assert text.translate("layer 2 of 6", TABLE) == "第 2 层（共 6 层）"


def test_patterns_match_the_whole_string():
    with pytest.raises(text.MissingTranslation):
        text.translate("step 250 again", TABLE)


def test_strings_without_prose_and_verbatim_data_stay_as_they_are():
    assert text.translate("f(z)", TABLE) == "f(z)"
    assert text.translate("LSTM", TABLE) == "LSTM"
    assert text.translate("cat", TABLE) == "cat"


def test_missing_translation_names_the_string():
    with pytest.raises(text.MissingTranslation, match="'?discriminator'?"):
        text.translate("discriminator", TABLE)


def test_translating_twice_changes_nothing():
    for s in ["Loss", "step 3", "LSTM", "cat"]:
        once = text.translate(s, TABLE)
        assert text.translate(once, TABLE) == once


# -- the table file --------------------------------------------------------

def test_the_committed_table_loads_and_its_patterns_compile():
    table = text.load_table(figures.SNIPPETS / "figures.zh.yml")
    assert table.lang == "zh" and table.text
    assert all(not text.prose_words(v, table.keep) for v in table.text.values())


def test_a_table_pattern_needs_its_language_key(tmp_path):
    bad = tmp_path / "figures.zh.yml"
    bad.write_text("patterns:\n  - match: 'step (\\d+)'\n    en: 'x'\n", "utf-8")
    with pytest.raises(ValueError, match="'match' and 'zh'"):
        text.load_table(bad)


def test_a_table_with_a_broken_regex_fails_with_its_path(tmp_path):
    bad = tmp_path / "figures.zh.yml"
    bad.write_text("patterns:\n  - match: 'step ((\\d+)'\n    zh: 'x'\n", "utf-8")
    with pytest.raises(ValueError, match="figures.zh.yml: bad pattern"):
        text.load_table(bad)


def test_a_table_with_unknown_keys_fails(tmp_path):
    bad = tmp_path / "figures.zh.yml"
    bad.write_text("txt: {}\n", "utf-8")
    with pytest.raises(ValueError, match="keys"):
        text.load_table(bad)


# -- mermaid labels ----------------------------------------------------------

def test_mermaid_flowchart_labels_are_found_and_ids_are_not():
    src = """graph LR
  z(("noise z")) --> G["generator G"] --> f[fake]
  subgraph ENC ["encoder block"]
    e1(round) --> e2{rhombus}
  end
  x0 -- q --> x1 -- "q: add noise" --> x2
  F -. not good enough .-> C
  A -->|piped| B
"""
    assert text.mermaid_labels(src) == [
        "noise z", "generator G", "fake", "encoder block", "round", "rhombus",
        "q", "q: add noise", "not good enough", "piped"]


def test_mermaid_timeline_labels_are_found():
    src = "timeline\n    title A short history\n    1958 : perceptron\n"
    assert text.mermaid_labels(src) == ["A short history", "1958", "perceptron"]


def test_mermaid_line_breaks_become_spaces():
    assert text.mermaid_labels('graph LR\n  A["Phase 1<br/>pretraining"]') == [
        "Phase 1 pretraining"]


# -- translating and saving a figure ----------------------------------------

def _figure():
    fig, (ax, ax2) = plt.subplots(1, 2)
    ax.plot([1, 2, 3], label="train")
    ax.set(title="Loss", xlabel="epoch", ylabel="f(z)")
    ax.legend()
    ax2.set_xticks([0, 1], ["input", "LSTM"])
    fig.suptitle("step 250")
    fig.tight_layout()
    return fig


def _drawn(fig):
    return set(draw.drawn_strings(fig))


def test_every_kind_of_text_is_translated():
    fig = _figure()
    draw.translate_figure(fig, TABLE, "test figure")
    drawn = _drawn(fig)
    assert {"损失", "轮次", "训练", "第 250 步", "输入", "LSTM", "f(z)"} <= drawn
    assert not {"Loss", "epoch", "train", "step 250", "input"} & drawn
    plt.close(fig)


def test_a_missing_translation_names_the_figure_and_every_string():
    fig = _figure()
    fig.axes[0].set_ylabel("accuracy")
    fig.axes[1].set_title("discriminator")
    with pytest.raises(text.MissingTranslation) as err:
        draw.translate_figure(fig, TABLE, "snippets/x/y.py, figure 1")
    msg = str(err.value)
    assert "snippets/x/y.py, figure 1" in msg
    assert "'accuracy'" in msg and "'discriminator'" in msg
    assert "figures.zh.yml" in msg
    plt.close(fig)


def test_a_translation_that_is_still_english_fails(tmp_path):
    fig, ax = plt.subplots()
    ax.set_title("Translated badly")
    with pytest.raises(text.MissingTranslation, match="still English"):
        draw.save(fig, tmp_path / "f.svg", TABLE, "test figure")
    plt.close(fig)


def test_saved_svg_lists_its_drawn_texts_and_draws_chinese_as_paths(tmp_path):
    fig = _figure()
    out = tmp_path / "f.svg"
    draw.save(fig, out, TABLE, "test figure")
    svg = out.read_text("utf-8")
    ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    listed = [li.text for li in ET.fromstring(svg).iterfind(".//rdf:li", ns)]
    assert {"损失", "轮次", "第 250 步"} <= set(listed)
    assert "<text" not in svg  # text as paths: no font needed to read it
    plt.close(fig)


def test_the_english_figure_is_saved_as_drawn(tmp_path):
    fig = _figure()
    out = tmp_path / "f.svg"
    draw.save(fig, out, None, "test figure")
    svg = out.read_text("utf-8")
    assert "<rdf:li>Loss</rdf:li>" in svg and "损失" not in svg
    plt.close(fig)


def test_a_glyph_missing_from_every_font_is_an_error(tmp_path):
    fig, ax = plt.subplots()
    ax.set_title("\N{TIBETAN LETTER KA}")  # in neither DejaVu Sans nor Noto Sans CJK
    with pytest.raises(UserWarning, match="missing from font"):
        draw.save(fig, tmp_path / "f.svg", None, "test figure")
    plt.close(fig)


def test_the_same_figure_gives_the_same_file(tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    for out in (a, b):
        fig = _figure()
        draw.save(fig, out, TABLE, "test figure")
        plt.close(fig)
    assert a.read_bytes() == b.read_bytes()


def test_chinese_figures_are_laid_out_again_after_translation(tmp_path):
    fig = _figure()
    before = fig.subplotpars.left, fig.subplotpars.bottom
    long_table = dataclasses.replace(
        TABLE, text={**TABLE.text, "epoch": "一个很长的横轴标签\n第二行\n第三行"})
    draw.save(fig, tmp_path / "f.svg", long_table, "test figure")
    assert fig.subplotpars.bottom > before[1]  # room made for the longer label
    plt.close(fig)


# -- the hook's caches -------------------------------------------------------

def test_the_draw_key_changes_with_the_table_but_the_run_key_does_not(tmp_path, monkeypatch):
    snippet = figures.SNIPPETS / "neuron" / "activations.py"
    run_key, draw_key = figures.run_key(snippet), figures.draw_key(snippet)
    table = tmp_path / "figures.zh.yml"
    table.write_text("text: {}\n", "utf-8")
    monkeypatch.setattr(figures, "tables", lambda: {"zh": table})
    assert figures.run_key(snippet) == run_key
    assert figures.draw_key(snippet) != draw_key


def test_a_figure_snippet_is_found_in_the_chain_that_runs_it():
    snippet = figures.SNIPPETS / "neuron" / "activations.py"
    assert [b.snippet for b in figures.chain_of(snippet).blocks] == [snippet]
    with pytest.raises(figures.PluginError, match="no page runs it"):
        figures.chain_of(figures.SNIPPETS / "neuron" / "not_a_snippet.py")


def test_each_language_has_its_own_figure_folder():
    job = figures.job(figures.SNIPPETS / "neuron" / "activations.py", figures.CACHE)
    assert job["out"]["en"].endswith("docs/en/figures/neuron/activations")
    assert job["out"]["zh"].endswith("docs/zh/figures/neuron/activations")


def test_figure_links_must_point_into_the_pages_own_language():
    page = figures.DOCS / "zh" / "generative" / "gan.md"
    md = ("![a](../figures/generative/gan_ring-1.svg)\n"
          "![b](../../figures/generative/gan_ring-2.svg)\n"
          "![c](../../en/figures/generative/gan_ring-2.svg)\n")
    assert figures.check_figure_links(md, page) == [
        "../../figures/generative/gan_ring-2.svg",
        "../../en/figures/generative/gan_ring-2.svg"]


def test_figure_link_check_matches_every_page_that_shows_a_figure():
    """The check's regex still sees the links the pages really use."""
    for lang in ("zh", "en"):
        page = figures.DOCS / lang / "neuron.md"
        md = page.read_text("utf-8")
        assert figures._FIGURE_LINK.findall(md) == ["figures/neuron/activations-1.svg"]
        assert figures.check_figure_links(md, page) == []


# -- the mermaid diagrams of the pages ----------------------------------------

_FENCE = re.compile(r"^```mermaid\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _diagrams(lang: str) -> dict[str, list[str]]:
    root = figures.DOCS / lang
    found = {}
    for page in sorted(root.rglob("*.md")):
        fences = _FENCE.findall(page.read_text("utf-8"))
        if fences:
            found[page.relative_to(root).as_posix()] = fences
    return found


ZH_DIAGRAMS = _diagrams("zh")


def test_the_pages_have_mermaid_diagrams_to_check():
    assert len(ZH_DIAGRAMS) >= 10
    assert sum(len(labels) for fences in ZH_DIAGRAMS.values()
               for labels in map(text.mermaid_labels, fences)) >= 100


@pytest.mark.parametrize("page", sorted(ZH_DIAGRAMS))
def test_chinese_diagrams_have_no_english_prose(page):
    table = text.load_table(figures.SNIPPETS / "figures.zh.yml")
    english = {label: words for fence in ZH_DIAGRAMS[page]
               for label in text.mermaid_labels(fence)
               if (words := text.prose_words(label, table.keep))}
    assert not english, (
        f"docs/zh/{page}: mermaid labels with English words {english}; translate "
        "them, or add a term that stays English to 'keep' in snippets/figures.zh.yml")


@pytest.mark.parametrize("page", sorted(ZH_DIAGRAMS))
def test_chinese_and_english_diagrams_have_the_same_structure(page):
    en = _diagrams("en").get(page, [])
    zh = ZH_DIAGRAMS[page]
    assert [text.mermaid_structure(f) for f in zh] == [
        text.mermaid_structure(f) for f in en]


def test_an_english_label_is_caught():
    table = text.load_table(figures.SNIPPETS / "figures.zh.yml")
    labels = text.mermaid_labels('graph LR\n  z(("noise z")) --> G["生成器 G"]')
    assert [text.prose_words(s, table.keep) for s in labels] == [["noise"], []]
