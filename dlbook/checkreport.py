"""What ``python -m dlbook check`` tells the reader, versions included.

One line per run, then, for each run that disagrees with the book, the
lines that differ and the versions.  A difference means little without the
versions beside it: the same line printed by torch 2.13 and by another
torch points at the library, by the same torch at the machine (a GPU,
another BLAS, more threads).  So each report names the reader's Python,
torch, numpy and dlbook next to the ones the book's outputs were made with
(``Book.checked_with``, :mod:`dlbook.book`).  Kept apart from
:mod:`dlbook.check`, which runs and compares.
"""

from __future__ import annotations

import platform
import re
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, TextIO

from dlbook import outputs as rule
from dlbook.book import LIBRARIES, Book

if TYPE_CHECKING:  # a cycle at run time: check imports this module
    from dlbook.check import Result

# in every report; the other libraries only where they differ from the book's
ALWAYS = ("python", "torch", "numpy")
SHOWN_LINES = 10  # differing lines shown per snippet
_OWN_FILE = re.compile(r'File ".*[/\\](snippets|dlbook)[/\\]')


@cache
def versions() -> dict[str, str]:
    """This Python's version and those of the libraries that change what
    the book's code prints."""
    found = {"python": platform.python_version()}
    for name in (*LIBRARIES, "dlbook"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def _threads(n: int) -> str:
    return "one thread" if n == 1 else f"{n} threads"


def yours(book: Book, threads: int) -> str:
    """``python 3.12.3, torch 2.5.1 (the book: 2.13.0), ...``: the reader's
    versions, each with the book's where they differ."""
    mine, books = versions(), book.checked_with
    parts = []
    for name in ("python", *LIBRARIES, "dlbook"):
        theirs = books.get(name)
        base = mine[name].split("+")[0]  # 2.13.0+cpu is torch 2.13.0
        differs = theirs is not None and not (base == theirs
                                              or base.startswith(theirs + "."))
        if name in (*ALWAYS, "dlbook") or differs:
            book_s = f" (the book: {theirs})" if differs else ""
            parts.append(f"{name} {mine[name]}{book_s}")
    return ", ".join(parts) + f", {_threads(threads)}"


def the_books(book: Book) -> str:
    books = book.checked_with
    listed = [f"{n} {books[n]}" for n in ALWAYS if n in books]
    return (", ".join(listed) or "unrecorded versions") + ", one thread"


def headline(book: Book, pages: list[str], chains: int, threads: int) -> str:
    what = pages[0] if len(pages) == 1 else f"{len(pages)} pages"
    return (f"Checking {chains} chain{'s' * (chains != 1)} of {what}\n"
            f"  your run: {yours(book, threads)}\n"
            f"  the book's outputs were made with {the_books(book)}")


def line(result: Result, out: TextIO) -> None:
    """One line per chain, as soon as it is done."""
    took = f"{result.seconds:6.1f} s" if result.state != "skipped" else " " * 8
    why = f"  ({result.why})" if result.state == "skipped" else ""
    print(f"{result.state:8} {took}  {result.page}: {result.chain.name}{why}",
          file=out, flush=True)


def traceback_tail(stderr: str) -> str:
    """The traceback lines in the book's own files (snippets and dlbook),
    each with the line of code under it, and the error itself."""
    lines = stderr.strip().splitlines()
    own = [s for i, s in enumerate(lines)
           if _OWN_FILE.search(s) or (i and _OWN_FILE.search(lines[i - 1]))]
    return "\n".join(f"  {s.rstrip()}" for s in [*own, *lines[-1:]])


def _lines(text: str) -> str:
    n = len(text.splitlines())
    return f"{n} line{'s' * (n != 1)}"


def difference(snippet: str, shown: str | None, got: str,
               tolerances: dict[str, float]) -> list[str]:
    """The lines of one snippet's output that disagree: what the book shows,
    what this run printed, and why they do not count as the same."""
    if shown is None:
        head = got.splitlines()[:SHOWN_LINES]
        return ["  the book shows no output; your run prints:",
                *(f"    {s}" for s in head)]
    mismatches = rule.compare(shown, got, tolerances=tolerances)
    if mismatches and mismatches[0].line == 0:  # not the same number of lines
        text = rule.diff(shown, got, shown="the book", printed="your run").splitlines()
        return [f"  the book shows {_lines(shown)}, your run prints {_lines(got)}:",
                *(f"    {s}" for s in text[:3 * SHOWN_LINES])]
    lines = []
    for m in mismatches[:SHOWN_LINES]:
        why = "" if m.reason == "the text differs" else f"   ({m.reason})"
        lines += [f"  line {m.line}: the book shows  {m.expected}",
                  f"  {' ' * len(str(m.line))}       your run prints {m.got}{why}"]
    if len(mismatches) > SHOWN_LINES:
        lines.append(f"  ... and {len(mismatches) - SHOWN_LINES} more lines differ")
    return lines


def details(book: Book, results: list[Result], threads: int, out: TextIO) -> None:
    """A short report for each run that differs from the book or fails."""
    for r in results:
        if r.state not in ("differs", "failed"):
            continue
        print(file=out)
        if r.state == "failed":
            print(f"{r.page}: {r.why.rstrip()}", file=out)
        for snippet, shown, got in r.differences:
            print(f"{r.page}: {snippet} prints something other than the book shows",
                  file=out)
            for text in difference(snippet, shown, got, r.tolerances.get(snippet, {})):
                print(text, file=out)
        print(f"  your run: {yours(book, threads)}", file=out)
        print(f"  the book: {the_books(book)}", file=out)


def summary(results: list[Result], seconds: float, out: TextIO) -> None:
    counts = {s: sum(r.state == s for r in results)
              for s in ("ok", "differs", "failed", "skipped")}
    print(f"\n{len(results)} chain{'s' * (len(results) != 1)} in {seconds:.1f} s: "
          + ", ".join(f"{n} {s}" for s, n in counts.items()), file=out)


def listing(book: Book, pages: list[str], out: TextIO) -> None:
    """The pages that have code, with how many chains run and their titles."""
    for page in pages:
        chains = book.pages[page]
        if not chains:
            continue
        skipped = sum(1 for c in chains if c.skip)
        runs = f"{len(chains)} chain{'s' * (len(chains) != 1)}" + (
            f" ({skipped} shown only)" if skipped else "")
        print(f"{page:26} {runs:24} {book.title(page)}", file=out)
