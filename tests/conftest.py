import os

# Figures are drawn off-screen in the tests; plt.show() does nothing.
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
