"""The machinery that runs, checks and draws the book; not part of the lesson.

The MkDocs hooks in ``hooks/`` are thin and call into this package; the
tests and ``make runs`` / ``make outputs`` (``python -m bookkit.runs``)
use it too.  It lives in the repository only: the wheel a reader installs
holds ``dlbook`` alone (``setup.py``).  The page grammar it reads the pages
with is ``dlbook.check.pages``, which the reader's ``python -m dlbook
check`` shares.

* :mod:`bookkit.runs`: each notebook of the book run once and kept by
  content hash (the one cache, ``.cache/runs/``), and every chain's run
  read off its page's run;
* :mod:`bookkit.warmkernel`: Jupyter kernels forked from one warm process;
* :mod:`bookkit.notebook_gen`: a page (or a hands-on source) turned into
  its notebook;
* :mod:`bookkit.names`: the names a chain uses but never binds;
* :mod:`bookkit.figure_backend`, :mod:`bookkit.figure_draw`,
  :mod:`bookkit.figure_text`: figures pickled in a run, then drawn and
  translated;
* :mod:`bookkit.cjk`: Chinese lines wrapped in the source joined without a
  space.
"""
