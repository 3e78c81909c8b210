"""The words drawn on the book's figures and diagrams, and their translation.

A figure snippet is written once, in English, and both languages' pages show
it.  When the site is built, ``figure_backend.py`` draws each figure twice:
once as the snippet made it, once with every text translated through a
committed table (``snippets/figures.zh.yml``).  This module holds the pure
part of that: reading the table, deciding which strings are English prose
(and so must be translated), and translating one string.

What counts as prose: a word of two or more ASCII letters that is not a
symbol, a number, a code name or a kept term.  Kept as they are in every
language: single letters (``x``, ``t``, ``k``), anything inside ``$...$``
(math) or quotes (``'it'``, or ``“it”`` in Chinese: data), words with a digit or an underscore
(``conv1``, ``x_100``), words written like code (``code[0]``, ``f(z)``,
``lr=0.01``),
CamelCase names (``ReLU``, ``LeNet``) and the table's ``keep`` list
(``LSTM``, ``GPT``, ``softmax``, ``Stable Diffusion``, ...).

``tests/test_figures_site.py`` checks the built Chinese site with the same
rules: every figure's drawn text and every mermaid diagram's labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["MissingTranslation", "Table", "load_table", "mermaid_labels",
           "mermaid_structure", "prose_words", "translate"]


class MissingTranslation(LookupError):
    """English prose on a figure with no entry in the translation table."""


@dataclass(frozen=True)
class Table:
    """One language's translation table (see ``snippets/figures.zh.yml``).

    ``text``: exact English string -> translation.  ``patterns``: regular
    expressions matched against the whole string, with ``\\1``-style
    replacements, for strings that carry numbers (``step 250``).  ``keep``:
    terms written the same way in every language.  ``verbatim``: whole
    strings drawn as they are because they are data (the tokens of an
    English sentence a model reads).
    """

    lang: str
    text: dict[str, str]
    patterns: tuple[tuple[re.Pattern, str], ...] = ()
    keep: frozenset[str] = frozenset()
    verbatim: frozenset[str] = frozenset()


def load_table(path: str | Path) -> Table:
    """Read a ``figures.<lang>.yml`` table; a malformed one fails with its path."""
    path = Path(path)
    lang = path.suffixes[-2].lstrip(".") if len(path.suffixes) >= 2 else ""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    unknown = set(data) - {"text", "patterns", "keep", "verbatim"}
    if unknown or not lang:
        raise ValueError(f"{path}: expected a file figures.<lang>.yml with keys "
                         f"text, patterns, keep, verbatim; got {sorted(data)}")
    text = data.get("text") or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in text.items()):
        raise ValueError(f"{path}: 'text' must map strings to strings")
    patterns = []
    for entry in data.get("patterns") or []:
        if not (isinstance(entry, dict) and set(entry) == {"match", lang}):
            raise ValueError(f"{path}: each pattern needs 'match' and '{lang}', "
                             f"got {entry!r}")
        try:
            patterns.append((re.compile(entry["match"]), entry[lang]))
        except re.error as err:
            raise ValueError(f"{path}: bad pattern {entry['match']!r}: {err}") from None
    return Table(lang, dict(text), tuple(patterns),
                 frozenset(data.get("keep") or ()),
                 frozenset(data.get("verbatim") or ()))


# Not prose: math, quoted data (in ASCII quotes, or in the “ ” a Chinese
# translation puts around the same data), inline code.
_NOT_PROSE = re.compile(r"\$[^$]*\$|'[^']*'|\"[^\"]*\"|“[^”]*”|`[^`]*`")
# A run of ASCII letters, digits, '_' and inner '-', with what follows it.
_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*(?P<call>[(\[=])?")


def _is_name(part: str, keep: frozenset[str]) -> bool:
    return (len(part) < 2 or part in keep
            or any(c.isdigit() or c == "_" for c in part)
            or re.search(r"[a-z][A-Z]", part) is not None)  # CamelCase: ReLU


def prose_words(text: str, keep: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """The English prose words in ``text`` (empty: nothing to translate).

    >>> prose_words("step 250: 8/8 modes", frozenset())
    ['step', 'modes']
    >>> prose_words("LSTM, forget bias 3 for code[0]", frozenset({"LSTM"}))
    ['forget', 'bias', 'for']
    """
    text = _NOT_PROSE.sub(" ", text)
    for term in keep:  # multi-word terms first: "Stable Diffusion"
        if not re.fullmatch(r"\w+", term):
            text = re.sub(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", " ", text)
    words = []
    for m in _TOKEN.finditer(text):
        token = m.group(0).removesuffix(m.group("call") or "")
        if m.group("call") or token in keep:
            continue  # f(z), code[0], lr=0.01: code
        parts = token.split("-")
        if len(parts) > 1 and any(len(p) > 1 and _is_name(p, keep) for p in parts):
            continue  # all-MiniLM-L6-v2: a name as a whole
        words += [p for p in parts if not _is_name(p, keep)]
    return [w for w in words if not w.isdigit()]


def translate(text: str, table: Table) -> str:
    """``text`` in the table's language; raise if English prose has no entry.

    Exact entries first, then patterns (first full match wins); a string with
    no prose words, or a ``verbatim`` one, is drawn as it is.
    """
    if text in table.text:
        return table.text[text]
    for pattern, replacement in table.patterns:
        m = pattern.fullmatch(text)
        if m:
            return m.expand(replacement)
    if text in table.verbatim or not prose_words(text, table.keep):
        return text
    raise MissingTranslation(text)


# Mermaid: the text a reader sees is in labels, not in node ids or keywords.
_MERMAID_LABEL = re.compile(
    r'"(?P<quoted>[^"]*)"'                        # A["label"], -- "label" -->
    r"|\(\((?P<circle>[^()\"]*)\)\)"              # A((label))
    r"|\((?P<round>[^()\"]*)\)"                    # A(label)
    r"|\{(?P<rhombus>[^{}\"]*)\}"                  # A{label}
    r"|\[(?P<box>[^\[\]\"]*)\]"                   # A[label]
    r"|--\s+(?P<edge>[^\">-][^>]*?)\s+-->"        # -- label -->
    r"|-\.\s+(?P<dotted>[^\"]*?)\s+\.->"          # -. label .->
    r"|\|(?P<piped>[^|]*)\|"                      # -->|label|
)
# timeline:  title ...  /  when : event
_MERMAID_TEXT_LINE = re.compile(
    r"^\s*(?:title\s+(?P<title>.+)|(?P<when>[^:]+?)\s+:\s+(?P<event>.+))$")


def mermaid_labels(source: str) -> list[str]:
    """The labels of one mermaid diagram (flowchart or timeline), in order.

    >>> mermaid_labels('graph LR\\n  A["noise z"] -- "q: add" --> B((code))')
    ['noise z', 'q: add', 'code']
    """
    lines = source.strip().splitlines()
    if not lines:
        return []
    labels = []
    if lines[0].strip() == "timeline":
        for line in lines[1:]:
            m = _MERMAID_TEXT_LINE.match(line)
            if m:
                labels += [v for v in m.groupdict().values() if v]
    else:
        for line in lines[1:]:
            for m in _MERMAID_LABEL.finditer(line):
                labels += [v for v in m.groupdict().values() if v is not None]
    return [re.sub(r"<br\s*/?>", " ", s).strip() for s in labels]


def mermaid_structure(source: str) -> str:
    """The diagram with every label blanked: the same in every language.

    >>> mermaid_structure('graph LR\\n  A["noise z"] --> B((code))')
    'graph LR\\n  A[""] --> B(())'
    """
    def blank(m: re.Match) -> str:
        name = next(k for k, v in m.groupdict().items() if v is not None)
        start, end = m.span(name)
        return m.group(0)[: start - m.start()] + m.group(0)[end - m.start():]

    lines = source.strip().splitlines()
    if lines and lines[0].strip() == "timeline":
        return "\n".join([lines[0], *(re.sub(r":\s.*", ":", l) if ":" in l else
                                       re.sub(r"title\s.*", "title", l)
                                       for l in lines[1:])])
    return "\n".join(lines[:1] + [_MERMAID_LABEL.sub(blank, l) for l in lines[1:]])
