"""Ship the book's code inside the package, for ``python -m dlbook check``.

``pyproject.toml`` holds the package's metadata; this file only adds one
build step.  A reader who installs a wheel (``pip install .``) has no
``snippets/`` and no pages, yet ``python -m dlbook check`` needs both: the
snippets to rerun, their ``.out`` files to compare with, and which page
runs which chain.  So the build copies ``snippets/`` into the package as
``dlbook/_book/`` and writes the index of pages and chains there, made by
``dlbook/check/book.py`` from the pages themselves (``dlbook/check/pages.py``), at build
time: nothing generated is committed.  An editable install
(``pip install -e .``) reads the repository directly and skips this step.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithBook(build_py):
    """``build_py`` without the book's machinery (``bookkit``: the hooks and
    the tests import it from a clone), then the book into
    ``<build>/dlbook/_book/``."""

    def run(self):
        if not self.editable_mode:
            self.packages = [p for p in self.packages if p.split(".")[0] != "bookkit"]
        super().run()
        if not self.editable_mode:
            # The source tree's dlbook, which needs only the standard library
            # for this (pip's build isolation installs setuptools alone).
            sys.path.insert(0, str(ROOT))
            from dlbook.check.book import write_book

            write_book(ROOT, Path(self.build_lib) / "dlbook" / "_book")


setup(cmdclass={"build_py": BuildWithBook})
