"""MkDocs hook: Chinese prose wrapped across lines reads without stray spaces
(``bookkit.cjk.join_cjk_lines`` on each page's Markdown)."""

from bookkit.cjk import join_cjk_lines


def on_page_markdown(markdown: str, page, config, files) -> str:
    return join_cjk_lines(markdown)
