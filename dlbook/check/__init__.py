"""The book's self-check: ``python -m dlbook check`` and what it stands on.

Not part of the lesson.  These modules read the book's pages, run their
code and compare what it prints with what the book shows:

* :mod:`dlbook.check.pages`: the page grammar (fences, includes, chains and
  their markers), the one reader of the pages that the site, the tests and
  the check share;
* :mod:`dlbook.check.book`: the book as data (in a clone, or shipped in a
  wheel);
* :mod:`dlbook.check.run`: a chain run as a reader runs it, one fresh
  ``python`` process per chain;
* :mod:`dlbook.check.outputs`: the rule by which a printed output agrees
  with the book's;
* :mod:`dlbook.check.floatpath`: which float path (kernels, BLAS) a machine
  takes;
* :mod:`dlbook.check.report` and :mod:`dlbook.check.cli`: the command.

Importing this package imports nothing: ``setup.py`` reads the pages with
it before anything but the standard library is installed.
"""
