"""What ``python -m dlbook check`` tells the reader, versions included.

One line per run, then, for each run that disagrees with the book, the
lines that differ, and at the end one verdict.  A difference means little
without the versions and the float path beside it: the same line printed
by torch 2.13 and by another torch points at the library, by the same
torch at the machine (another CPU, another BLAS, more threads:
:mod:`dlbook.check.floatpath`).  So the report names the reader's Python, torch,
numpy and dlbook next to the ones the book's outputs were made with
(``Book.checked_with``, :mod:`dlbook.check.book`), and the reader's float path
next to the book's.  Kept apart from :mod:`dlbook.check`, which runs and
compares and hands its :class:`Result` here.
"""

from __future__ import annotations

import platform
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import TextIO

from dlbook.check import floatpath
from dlbook.check import outputs as rule
from dlbook.check.book import LIBRARIES, Book, Chain

# in every report; the other libraries only where they differ from the book's
ALWAYS = ("python", "torch", "numpy")
SHOWN_LINES = 10  # differing lines shown per snippet
_OWN_FILE = re.compile(r'File ".*[/\\](snippets|dlbook)[/\\]')


@dataclass
class Result:
    """One chain of one page, run on this machine and compared with the book.

    ``state`` is ``ok``, ``differs``, ``failed`` or ``skipped``; ``why`` the
    skip reason or the error; ``differences`` one entry per snippet whose
    output disagrees: (snippet, what the book shows, what the run printed).
    """

    page: str
    chain: Chain
    state: str
    seconds: float = 0.0
    why: str = ""
    differences: list[tuple[str, str | None, str]] = field(default_factory=list)
    tolerances: dict[str, dict[str, float]] = field(default_factory=dict)


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


def _same(mine: str, theirs: str) -> bool:
    base = mine.split("+")[0]  # 2.13.0+cpu is torch 2.13.0
    return base == theirs or base.startswith(theirs + ".")


def other_versions(book: Book) -> list[str]:
    """The libraries that change what the code prints whose version here is
    not the one the book's outputs were made with."""
    mine, books = versions(), book.checked_with
    return [n for n in LIBRARIES if n in books and not _same(mine[n], books[n])]


def same_versions(book: Book) -> bool:
    """Whether this Python has the book's own library versions."""
    return "torch" in book.checked_with and not other_versions(book)


def yours(book: Book) -> str:
    """``python 3.12.3, torch 2.5.1 (the book: 2.13.0), ...``: the reader's
    versions, each with the book's where they differ."""
    mine, books, others = versions(), book.checked_with, other_versions(book)
    parts = []
    for name in ("python", *LIBRARIES, "dlbook"):
        differs = name in others
        if name in (*ALWAYS, "dlbook") or differs:
            book_s = f" (the book: {books[name]})" if differs else ""
            parts.append(f"{name} {mine[name]}{book_s}")
    return ", ".join(parts)


def the_books(book: Book) -> str:
    books = book.checked_with
    listed = [f"{n} {books[n]}" for n in ALWAYS if n in books]
    return ", ".join(listed) or "unrecorded versions"


def headline(book: Book, pages: list[str], chains: int,
             path: floatpath.FloatPath) -> str:
    what = pages[0] if len(pages) == 1 else f"{len(pages)} pages"
    return (f"Checking {chains} chain{'s' * (chains != 1)} of {what}\n"
            f"  your versions:   {yours(book)}\n"
            f"  the book's:      {the_books(book)}\n"
            f"  your float path: {path.describe()}\n"
            f"  the book's:      {floatpath.book()}")


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


def details(results: list[Result], out: TextIO) -> None:
    """For each run that differs from the book or fails, what and where."""
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


def verdict(book: Book, results: list[Result], path: floatpath.FloatPath) -> list[str]:
    """What the differences and failures point at, said once: the library
    versions, this machine's float path, or neither."""
    failed = sum(r.state == "failed" for r in results)
    differs = sum(r.state == "differs" for r in results)
    if not failed and not differs:
        return []
    lines = []
    if failed:
        lines.append(f"{failed} run{'s' * (failed != 1)} failed with an error: "
                     f"not a rounding difference, but code that does not run "
                     f"here (the error is above).")
    if others := other_versions(book):
        books, mine = book.checked_with, versions()
        listed = ", ".join(f"{n} {mine[n]} (the book: {books[n]})" for n in others)
        lines.append(f"Your library versions are not the book's: {listed}. "
                     f"What a run prints may change with them; with the book's "
                     f"versions (requirements.lock) a difference that stays "
                     f"comes from your machine.")
    elif differs and floatpath.is_the_books(path):
        lines.append("Your library versions and your float path are the book's "
                     "own, on which the book's tests print these outputs: this "
                     "difference is not expected.")
    elif differs and same_versions(book):
        lines += ["Your library versions are the book's, so these differences "
                  "come from your machine's float path, not from a broken "
                  "install: your CPU adds numbers in another order; differences "
                  "in the last digits of training runs are expected.",
                  f"  your float path: {path.describe()}",
                  f"  the book's:      {floatpath.book()}"]
    return lines


def summary(book: Book, results: list[Result], path: floatpath.FloatPath,
            seconds: float, out: TextIO) -> None:
    """How many runs agree, and the verdict on those that do not."""
    counts = {s: sum(r.state == s for r in results)
              for s in ("ok", "differs", "failed", "skipped")}
    print(f"\n{len(results)} chain{'s' * (len(results) != 1)} in {seconds:.1f} s: "
          + ", ".join(f"{n} {s}" for s, n in counts.items()), file=out)
    for text in verdict(book, results, path):
        print(text, file=out)


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
