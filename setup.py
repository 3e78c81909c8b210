"""Ship the book's code inside the package, for ``python -m dlbook check``.

``pyproject.toml`` holds the package's metadata; this file only adds one
build step.  A reader who installs a wheel (``pip install .``) has no
``snippets/`` and no pages, yet ``python -m dlbook check`` needs both: the
snippets to rerun, their ``.out`` files to compare with, and which page
runs which chain.  So the build copies ``snippets/`` into the package as
``dlbook/_book/`` and writes the index of pages and chains there, made by
``dlbook/book.py`` from the pages themselves (``hooks/pages.py``), at build
time: nothing generated is committed.  An editable install
(``pip install -e .``) reads the repository directly and skips this step.
"""

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _book_module():
    """``dlbook/book.py`` alone: importing ``dlbook`` would import torch,
    which the build environment does not have (pip's build isolation: only
    setuptools).  It and the page reader it loads, ``hooks/pages.py``,
    import nothing outside the standard library (``tests/test_check.py``
    builds the wheel so)."""
    path = ROOT / "dlbook" / "book.py"
    spec = importlib.util.spec_from_file_location("_dlbook_book", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


class BuildWithBook(build_py):
    """``build_py``, then the book into ``<build>/dlbook/_book/``."""

    def run(self):
        super().run()
        if not self.editable_mode:
            _book_module().write_book(ROOT, Path(self.build_lib) / "dlbook" / "_book")


setup(cmdclass={"build_py": BuildWithBook})
