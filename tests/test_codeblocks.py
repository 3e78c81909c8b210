"""Every code block a reader sees runs, and prints what the pages show.

Both languages include the same snippets and the same ``.out`` files
(``tests/test_pages.py`` proves it), so each snippet, or each chain of blocks
joined by ``<!--pytest-codeblocks:cont-->``, runs once, not once per
language, and as a reader runs it, with the reader's install (``make test``
makes that Python a virtual environment installed with the reader's own
commands), in an empty folder.  A Python chain runs in its page's notebook,
where a fresh Jupyter kernel runs the page's blocks top to bottom
(``hooks/pagerun.py``; ``tests/test_chains.py`` shows that each chain also
binds every name it uses, so it runs alone as well); a shell block runs as
``bash`` from the repository root (``hooks/bookrun.py``, which also runs
alone, ``python snippet.py`` in a fresh process, any chain not run yet).
The same run draws the site's figures, so it is made once per change of
the code and kept by content hash; what it printed is checked against the
page every time: it must agree with the committed
``snippets/<ch>/<name>.out`` under the rule of ``dlbook.check.outputs`` (same
text, whole numbers equal, decimals within two steps of their last printed
digit).  A failure names the pages, the snippet file and line, and shows a
diff; ``make outputs`` rewrites the ``.out`` files from fresh runs, to be
reviewed like any other change.
"""

from __future__ import annotations

import re

import pytest

import bookrun
from dlbook.check.outputs import check
from dlbook.check.pages import ROOT, SNIPPETS, Block, Chain, all_chains


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


def _where(stderr: str) -> str:
    """The traceback lines in the book's own files (snippets and dlbook), and
    the error itself."""
    lines = stderr.strip().splitlines()
    own = [line for i, line in enumerate(lines)
           if re.search(r'File ".*(/snippets/|/dlbook/)', line)
           or (i and re.search(r'File ".*(/snippets/|/dlbook/)', lines[i - 1]))]
    return "\n".join([*own, *lines[-1:]])


def check_output(block: Block, printed: str) -> str | None:
    """Why a block's printed output fails the page, or None."""
    expected = block.expected_output
    if expected is None:
        if printed:
            return (f"prints {len(printed.splitlines())} line(s) but the pages show no "
                    f"output: add {block.include and block.include.rsplit('.', 1)[0]}.out "
                    f"(make outputs) and a text fence including it after the block")
        return None
    why = check(expected, printed, source=block.code)
    return None if why is None else f"{block.output}: {why}"


@pytest.mark.parametrize("chain", CHAINS)
def test_code_block(chain: Chain):
    run = bookrun.run(chain)
    if run.error:
        block = chain.blocks[min(run.error.index, len(chain.blocks) - 1)]
        pytest.fail(f"{_header(chain, block)} failed: {run.error}\n"
                    f"{_where(run.error.stderr)}", pytrace=False)
    problems = [f"{_header(chain, b)} {why}" for b, out in zip(chain.blocks, run.outputs)
                if (why := check_output(b, out)) is not None]
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)
