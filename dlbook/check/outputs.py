"""Compare what a snippet prints with the output the book shows.

Most examples in the book print numbers: losses, accuracies, distances.  Run
on another CPU, or with another BLAS, the last printed digit of a trained
model's loss can move, although nothing about the lesson changed.  Comparing
text exactly would force the pages to print ``True`` instead of the number;
accepting anything would let a page show a result the code no longer gives.
The rule here sits between the two; the book checks every printed output
with it:

* the output must have the same lines, and every line the same text outside
  its numbers (words, ``True``/``False``, spacing, punctuation);
* a whole number (``1888``, ``(64, 32)``) must be equal: counts and shapes do
  not drift;
* a number written with a decimal point or an exponent (``0.881``,
  ``1.2e-07``) may differ by at most ``units`` steps of its last printed digit
  (default 2: a printed ``0.881`` accepts ``0.879`` to ``0.883``, not
  ``0.884``);
* a snippet may widen that for the lines that contain a given text, with a
  comment the reader sees, for example
  ``# output tolerance: ±0.05 on "validation loss"``.

Everything here is a pure function of strings: run a snippet yourself and
``compare(shown, printed)`` says whether your run agrees with the page.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

# A number stands alone: not part of a name (W1, x_2) or of a version (2.13.0).
NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?!\w|\.\d)")
TOLERANCE_COMMENT = re.compile(
    r'#\s*output tolerance:\s*±\s*(?P<amount>[0-9.eE+-]+)\s+on\s+"(?P<text>[^"]+)"')
DEFAULT_UNITS = 2


@dataclass(frozen=True)
class Mismatch:
    line: int  # 1-based line of the expected output
    expected: str
    got: str
    reason: str

    def __str__(self) -> str:
        return (f"line {self.line}: {self.reason}\n"
                f"  shown:   {self.expected!r}\n  printed: {self.got!r}")


def split_numbers(line: str) -> tuple[list[str], list[str]]:
    """The text between the numbers of a line, and the numbers.

    ``"loss 0.25 after 3 steps"`` -> ``(["loss ", " after ", " steps"],
    ["0.25", "3"])``: there is always one more text part than numbers.
    """
    texts, numbers, start = [], [], 0
    for m in NUMBER.finditer(line):
        texts.append(line[start:m.start()])
        numbers.append(m.group())
        start = m.end()
    texts.append(line[start:])
    return texts, numbers


def is_whole(number: str) -> bool:
    return not any(c in number for c in ".eE")


def last_digit_unit(number: str) -> float:
    """The value of one step in the last printed digit: ``0.881`` -> 0.001,
    ``1.5e-07`` -> 1e-08, ``12`` -> 1."""
    mantissa, _, exponent = number.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(expected: str, got: str, *, units: int = DEFAULT_UNITS,
                  absolute: float = 0.0) -> bool:
    """Whether a freshly printed number may stand for the one shown."""
    if is_whole(expected) and absolute == 0.0:
        return is_whole(got) and int(expected) == int(got)
    allowed = max(units * last_digit_unit(expected), absolute)
    # a tiny slack so that 0.881 vs 0.883 is not lost to binary rounding
    return abs(float(expected) - float(got)) <= allowed * (1 + 1e-9)


def parse_tolerances(source: str) -> dict[str, float]:
    """The ``# output tolerance: ±A on "text"`` comments of a snippet."""
    return {m.group("text"): float(m.group("amount"))
            for m in TOLERANCE_COMMENT.finditer(source)}


def compare_line(expected: str, got: str, *, units: int = DEFAULT_UNITS,
                 absolute: float = 0.0) -> str | None:
    """Why ``got`` may not stand for ``expected``, or None when it may."""
    e_texts, e_numbers = split_numbers(expected)
    g_texts, g_numbers = split_numbers(got)
    if e_texts != g_texts or len(e_numbers) != len(g_numbers):
        return "the text differs"
    for e, g in zip(e_numbers, g_numbers):
        if not numbers_agree(e, g, units=units, absolute=absolute):
            if is_whole(e) and absolute == 0.0:
                return f"{g} is not {e} (whole numbers must be equal)"
            allowed = max(units * last_digit_unit(e), absolute)
            return f"{g} is not within ±{allowed:g} of {e}"
    return None


def compare(expected: str, got: str, *, units: int = DEFAULT_UNITS,
            tolerances: Mapping[str, float] | None = None) -> list[Mismatch]:
    """Every line where ``got`` may not stand for ``expected``.

    ``tolerances`` maps a text to an absolute tolerance for the numbers of
    the expected lines that contain it (see :func:`parse_tolerances`).
    """
    e_lines, g_lines = expected.splitlines(), got.splitlines()
    if len(e_lines) != len(g_lines):
        return [Mismatch(0, f"{len(e_lines)} lines", f"{len(g_lines)} lines",
                         "the number of lines differs")]
    mismatches = []
    for n, (e, g) in enumerate(zip(e_lines, g_lines), start=1):
        absolute = max((a for t, a in (tolerances or {}).items() if t in e),
                       default=0.0)
        reason = compare_line(e, g, units=units, absolute=absolute)
        if reason is not None:
            mismatches.append(Mismatch(n, e, g, reason))
    return mismatches


def diff(expected: str, got: str, *, shown: str = "shown",
         printed: str = "printed") -> str:
    """A unified diff of two outputs, for a failure message."""
    return "\n".join(difflib.unified_diff(
        expected.splitlines(), got.splitlines(), shown, printed, lineterm=""))


def check(expected: str, printed: str, *, source: str = "") -> str | None:
    """Why ``printed`` may not stand for the ``expected`` output of the code
    ``source`` (whose tolerance comments count), or None when it may: the
    mismatched lines and a diff."""
    mismatches = compare(expected, printed, tolerances=parse_tolerances(source))
    if not mismatches:
        return None
    return ("the printed output differs from the one shown\n"
            + "\n".join(map(str, mismatches)) + "\n"
            + diff(expected, printed, printed="printed now"))
