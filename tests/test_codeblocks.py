"""Run every code block a reader sees, once, and compare what it prints with
the output the pages show.

Both languages include the same snippets and the same ``.out`` files
(``tests/test_pages.py`` proves it), so each snippet, or each chain of blocks
joined by ``<!--pytest-codeblocks:cont-->``, runs once, not once per
language.  What it prints must agree with its committed
``snippets/<ch>/<name>.out`` under the rule of ``dlbook.outputs`` (same text,
whole numbers equal, decimals within two steps of their last printed digit).
A failure names the pages, the snippet file and line, and shows a diff;
``make outputs`` rewrites the ``.out`` files from fresh runs, to be reviewed
like any other change of the book.
"""

from __future__ import annotations

import traceback

import pytest

from dlbook.outputs import compare, diff, parse_tolerances
from pages import ROOT, SNIPPETS, Block, Chain, all_chains
from runner import SnippetError, run_python, run_shell


def _params() -> list:
    params = []
    for chain in all_chains():
        marks = [pytest.mark.skip(reason=chain.skip)] if chain.skip else []
        params.append(pytest.param(chain, id=chain.id, marks=marks))
    return params


CHAINS = _params()


def test_the_book_has_runnable_blocks():
    assert sum(1 for p in CHAINS if not p.marks) > 50


def _header(chain: Chain, block: Block) -> str:
    where = block.snippet.relative_to(ROOT) if block.snippet else "inline code"
    return f"{where} (shown on {', '.join(chain.shown_on)})"


def _where(exc: BaseException) -> str:
    """The traceback lines in the book's own files: snippets and dlbook."""
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(str(SNIPPETS)) or "/dlbook/" in frame.filename:
            lines.append(f"  {frame.filename.removeprefix(str(ROOT) + '/')}:"
                         f"{frame.lineno}: {frame.line}")
    return "\n".join(lines)


def check_output(block: Block, printed: str) -> str | None:
    """Why a block's printed output fails the page, or None."""
    expected = block.expected_output
    if expected is None:
        if printed:
            return (f"prints {len(printed.splitlines())} line(s) but the pages show no "
                    f"output: add {block.include and block.include.rsplit('.', 1)[0]}.out "
                    f"(make outputs) and a text fence including it after the block")
        return None
    mismatches = compare(expected, printed, tolerances=parse_tolerances(block.code))
    if not mismatches:
        return None
    return (f"printed something other than {block.output}\n"
            + "\n".join(map(str, mismatches)) + "\n"
            + diff(expected, printed, shown=block.output, printed="printed now"))


@pytest.mark.parametrize("chain", CHAINS)
def test_code_block(chain: Chain, tmp_path):
    if chain.syntax in {"bash", "sh"}:
        try:
            outputs = run_shell(chain)
        except RuntimeError as exc:
            pytest.fail(f"{_header(chain, chain.blocks[0])} {exc}", pytrace=False)
    else:
        try:
            outputs = run_python(chain, tmp_path)
        except SnippetError as err:
            exc = err.__cause__
            pytest.fail(f"{_header(chain, chain.blocks[err.index])} raised "
                        f"{type(exc).__name__}: {exc}\n{_where(exc)}", pytrace=False)
    problems = [f"{_header(chain, b)} {why}" for b, out in zip(chain.blocks, outputs)
                if (why := check_output(b, out)) is not None]
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
