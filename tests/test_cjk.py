"""hooks/cjk.py: Chinese lines wrapped in the source are joined, and
nothing else is."""

from __future__ import annotations

import pytest

from bookkit.cjk import is_cjk_pair, join_cjk_lines


@pytest.mark.parametrize("text, expected", [
    # two Chinese characters, Chinese punctuation on either side
    ("深度学习\n很有用。", "深度学习很有用。"),
    ("拆开来看，\n用它写一个", "拆开来看，用它写一个"),
    ("它说\n“你好”", "它说“你好”"),
    ("“你好”\n他说", "“你好”他说"),
    # emphasis around the characters does not hide them
    ("加一个\n**偏置**", "加一个**偏置**"),
    ("**偏置**\n再加", "**偏置**再加"),
    # and neither does a link
    ("这和\n[规模](scale.md)一页", "这和[规模](scale.md)一页"),
    ("见[规模](../scale.md)\n一页", "见[规模](../scale.md)一页"),
    # the next line's indent goes with the newline (list item, admonition)
    ("- 第一项的\n  后半句", "- 第一项的后半句"),
    ("    第一行\n    第二行", "    第一行第二行"),
    # three lines in one paragraph
    ("一\n二\n三", "一二三"),
    # a "|" in math or code is no table
    ("折线 \\(|2x - 1|\\) 对折，\n所以", "折线 \\(|2x - 1|\\) 对折，所以"),
])
def test_newlines_between_cjk_characters_are_removed(text, expected):
    assert join_cjk_lines(text) == expected


@pytest.mark.parametrize("text", [
    # English words across a line keep their space
    "deep learning\nis useful",
    # a Latin letter, digit or code next to the newline
    "使用 PyTorch\n训练", "训练\nPyTorch 模型", "第 3\n章", "用\n`dlbook` 写",
    "它返回 `y`\n再看", "见\n[PyTorch](x.md)", "见 [x](规模.md)\n一页", "一个**权重** \\(w\\)\n加上",
    # a hard line break
    "第一行  \n第二行", "第一行\\\n第二行",
    # a blank line: two paragraphs
    "第一段\n\n第二段",
    # emphasis that ends (or starts) at punctuation: joined, CommonMark
    # would no longer see it
    "**重要。**\n接着", "先说\n*“重点”*",
    # block starts: list items, headings, tables, quotes, definitions, admonitions
    "列表如下\n- 第一项", "列表\n1. 第一项", "## 标题\n正文", "正文\n## 标题",
    "| 甲 | 乙 |\n| 丙 | 丁 |", "甲 | 乙\n丙 | 丁", "引用\n> 内容", "术语\n:   定义",
    '!!! note "注意"\n    内容', "缩写\n*[CNN]: 卷积神经网络",
    # fenced code, in any fence
    "```text\n中文\n中文\n```", "~~~\n中文\n中文\n~~~", "    ```python\n    # 注释\n    # 注释\n    ```",
    # display math
    "\\[\n\\text{中文}\n\\text{中文}\n\\]", "$$\n\\text{中文}\n\\text{中文}\n$$",
    # inline math or code open across the newline
    "公式 \\(\\text{一}\n\\text{二}\\) 中", "代码 `一\n二` 中", "公式 $\\text{一}\n\\text{二}$ 中",
    # an HTML block, until a blank line
    '<div class="x">\n中文\n中文\n</div>', "<figure>\n图一\n图二\n</figure>",
])
def test_everything_else_is_left_as_written(text):
    assert join_cjk_lines(text) == text


def test_code_after_a_comment_line_and_prose_after_an_html_block():
    text = ("<!--pytest-codeblocks:cont-->\n```python\nx = 1\n\n# 中\n# 文\n```\n"
            "前半\n后半\n\n<div>\n中\n文\n</div>\n\n前\n后")
    assert join_cjk_lines(text) == (
        "<!--pytest-codeblocks:cont-->\n```python\nx = 1\n\n# 中\n# 文\n```\n"
        "前半后半\n\n<div>\n中\n文\n</div>\n\n前后")


def test_a_paragraph_after_display_math_or_a_fence_is_joined_inside_itself_only():
    assert join_cjk_lines("前\n\\[\nx\n\\]\n后\n续") == "前\n\\[\nx\n\\]\n后续"
    assert join_cjk_lines("前\n```\nx\n```\n后\n续") == "前\n```\nx\n```\n后续"
    assert join_cjk_lines("\\[ x \\]\n后") == "\\[ x \\]\n后"


def test_a_closed_inline_code_or_math_does_not_stop_the_join():
    assert join_cjk_lines("用 `x` 与 \\(y\\) 表示，\n再看") == "用 `x` 与 \\(y\\) 表示，再看"


@pytest.mark.parametrize("left, right, expected", [
    ("中", "文", True), ("。", "中", True), ("中", "，", True), ("（", "中", True),
    ("中", "“", True), ("”", "中", True), ("の", "日", True),
    ("a", "中", False), ("中", "1", False), ("“", "a", False), ("”", "“", False),
    ("", "中", False), ("中", "", False),
])
def test_cjk_pairs(left, right, expected):
    assert is_cjk_pair(left, right) is expected
