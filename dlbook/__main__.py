"""``python -m dlbook COMMAND``: the commands that come with the package.

There is one, ``check``: rerun the book's code here and compare what it
prints with the book (:mod:`dlbook.check`).  A ``python -m`` entry point
rather than a console script, so that it runs with the very Python (and so
the very torch) a reader's code runs with.
"""

from __future__ import annotations

import sys

COMMANDS = {"check": "rerun a page's code (or the whole book) and compare it "
                     "with the book"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "check":
        from dlbook.check import cli as check  # imported here: `python -m dlbook` alone stays quick

        return check.main(argv[1:])
    usage = "usage: python -m dlbook COMMAND [...]\n\ncommands:\n" + "\n".join(
        f"  {name:8} {what}" for name, what in COMMANDS.items())
    if argv and argv[0] in ("-h", "--help"):
        print(usage)
        return 0
    got = f"got {argv[0]!r}" if argv else "got none"
    print(f"{usage}\n\npython -m dlbook: expected a command, {got}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
