# Two commands for readers:  make serve   and   make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pip (default) or uv (CI: the same pins, faster): scripts/install.sh
INSTALLER ?= pip
# Run the build and the tests with no network, to prove they need none.
OFFLINE := scripts/offline.sh

export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0
# Python keeps the bytecode of what it imports (in .venv/, .reader/ and the
# __pycache__/ folders git ignores), even where the environment says
# PYTHONDONTWRITEBYTECODE: `make test` starts dozens of Python processes,
# and without it each one compiles torch & co. from source again (about
# 3 s of CPU each).
unexport PYTHONDONTWRITEBYTECODE

# The browser tests drive Debian's chromium (Playwright's own download does
# not work offline).  `make test` installs it when it is missing and we are
# root (apt-get, before the offline part); elsewhere install it yourself or
# the browser tests are skipped with a message.
CHROMIUM := /usr/bin/chromium
IS_ROOT  := $(shell [ "$$(id -u)" = 0 ] && echo 1)

.PHONY: serve test test-setup test-runs test-build test-copies test-unit test-web test-dist test-dist-offline \
        test-dist-pdf copies-offline copies-pdf build install clean browser weight bench outputs outputs-frameworks runs \
        reader-env test-versions offline pdf test-portable test-frameworks frameworks-envs

$(STAMP): pyproject.toml requirements.lock requirements-nodeps.txt scripts/install.sh
	@$(PYTHON) -c 'import sys; v = sys.version_info; \
	  sys.exit(0 if v >= (3, 11) else "need Python >= 3.11, found %d.%d" % v[:2])'
	$(PYTHON) -m venv $(VENV)
	INSTALLER=$(INSTALLER) scripts/install.sh $(VENV)
	touch $@

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)
	$(OFFLINE) $(BIN)/mkdocs build --strict

# (a CJK font too: without one the screenshots show Chinese as empty boxes)
browser:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list 2>/dev/null | grep -qi "cjk\|wenquanyi"; then \
	  if [ -n "$(IS_ROOT)" ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	      apt-get install -y -q chromium fonts-wqy-zenhei; \
	  else \
	    echo "make: chromium or a CJK font is missing and we are not root:" \
	         "sudo apt-get install -y chromium fonts-wqy-zenhei" \
	         "(without chromium the browser tests are skipped)" >&2; \
	  fi; \
	fi

# The tests that read the built site (marker `site`), its offline copies
# (`offline`) and its PDFs (`pdf`): each test file says which group it is
# in (pytestmark; pyproject.toml lists the markers).  Every other test needs
# no site.
NOT_SITE := not site and not offline and not pdf

# On 2 cores: the pinned set-up, the reader's and chromium, side by side
# (online); then every block of the book runs once, in its page's
# notebook (`make runs`, with no network; kept by content hash, so only
# what changed runs again), beside chromium's install if that is not done;
# then, three at a time: the tests that need no site (they check what the
# runs printed), the build (which draws the figures from those runs) and
# then its tests, and the offline copies and PDFs and then theirs.
# Everything after the set-up runs with no network.  A run that fails does
# not stop here: its test says where and why.
# The book's code runs in .reader/, made with the reader's own install
# command (`make reader-env`, which adds Jupyter's kernel for the
# notebooks), so every snippet is shown to work from an empty folder, the
# way a reader installs and runs it.  In `make
# test` the lock constrains that install, so CI runs the versions it pins;
# `make test-versions` tries the ends of the ranges.
READER_STAMP := .reader/.installed
$(READER_STAMP): pyproject.toml requirements.lock scripts/reader_env.sh scripts/installer.sh
	PIP_CONSTRAINT="$(CURDIR)/requirements.lock $$PIP_CONSTRAINT" INSTALLER=$(INSTALLER) \
	  PYTHON=$(PYTHON) scripts/reader_env.sh
	touch $@

# three jobs, or those of `make -jN` (a -j given again would reset them)
JOBS = $$(case "$$MAKEFLAGS" in *jobserver*) ;; *) echo -j3;; esac)

# the set-up: the two installs and chromium, side by side; the runs as soon
# as the installs are done, while chromium may still be installing (they
# need no browser)
test-setup: test-runs browser

test-runs: $(STAMP) $(READER_STAMP)
	@$(MAKE) --no-print-directory runs || echo "make: some runs failed; the tests below say where"

test: export DLBOOK_RUN_PYTHON = $(CURDIR)/.reader/bin/python
test:
	@$(MAKE) --no-print-directory $(JOBS) --output-sync=target test-setup
	@# the copies and their tests are the longest line, so they start first
	@$(MAKE) --no-print-directory $(JOBS) --keep-going --output-sync=target \
	  test-dist test-web test-unit

# The book's code a second time, as a reader pastes it, on another float
# path (conftest.py): pytest-codeblocks runs each chain of the English pages
# alone (a fresh namespace, an empty folder, one thread) with torch's kernels
# without SIMD (ATEN_CPU_CAPABILITY=default), MKL's reproducible code path
# (MKL_CBWR=COMPATIBLE) and oneDNN held to SSE4.1 (PORTABLE in
# dlbook/check/floatpath.py, which also names the book's float paths for
# `python -m dlbook check`).  Every printed output must still agree with its .out under the book's rule, so a number that
# holds on one CPU only fails here, whichever CPU wrote the .out.
test-portable: $(STAMP)
	$(OFFLINE) $(BIN)/python -m pytest --codeblocks --float-path=portable -n 2 \
	  -p no:cacheprovider docs/en

# TensorFlow, MindSpore and PaddlePaddle, which the framework comparison
# page shows and the main environments lack: each in .frameworks/<name>/,
# made from requirements-frameworks-<name>.lock (scripts/frameworks_env.sh)
# again only when that lock changed; then tests/test_frameworks.py runs each
# block there, offline, one thread, against its .out and PyTorch's weights
# (DLBOOK_REQUIRE_FRAMEWORKS: a missing environment fails instead of skipping).
FRAMEWORKS := tensorflow mindspore paddle
FRAMEWORK_STAMPS := $(FRAMEWORKS:%=.frameworks/%/.installed)
.frameworks/%/.installed: requirements-frameworks-%.lock scripts/frameworks_env.sh scripts/installer.sh
	INSTALLER=$(INSTALLER) PYTHON=$(PYTHON) scripts/frameworks_env.sh $*
	touch $@

frameworks-envs: $(FRAMEWORK_STAMPS)

test-frameworks: $(STAMP) frameworks-envs
	DLBOOK_REQUIRE_FRAMEWORKS=1 $(OFFLINE) $(BIN)/python -m pytest -p no:cacheprovider \
	  tests/test_frameworks.py

# every Python block of the book, run once (what is kept is not run again):
# each page's notebook and the hands-on notebooks, two at a time, one thread
# each (bookkit/runs.py; the one cache: .cache/runs/)
runs: $(STAMP)
	$(OFFLINE) $(BIN)/python -m bookkit.runs

# the parts of `make test` that run side by side once the runs are done:
# the tests that need no site; the site's tests (after its build); the tests
# of its offline copies and PDFs (`make offline`, `make pdf`: the PDF needs
# chromium, without which its tests are skipped)
test-web: test-build
	DLBOOK_REQUIRE_BROWSER=$(IS_ROOT) $(OFFLINE) $(BIN)/python -m pytest -m site

test-dist: test-dist-offline test-dist-pdf

# the offline copies' tests as soon as the zips exist; the PDFs' once printed
test-dist-offline: copies-offline
	DLBOOK_REQUIRE_BROWSER=$(IS_ROOT) $(OFFLINE) $(BIN)/python -m pytest -m offline

test-dist-pdf: copies-pdf
	DLBOOK_REQUIRE_BROWSER=$(IS_ROOT) $(OFFLINE) $(BIN)/python -m pytest -m pdf

test-copies: copies-offline copies-pdf

copies-offline: test-build
	@$(MAKE) --no-print-directory offline

copies-pdf: test-build
	@if [ -x $(CHROMIUM) ]; then $(MAKE) --no-print-directory pdf; \
	 else echo "make: no $(CHROMIUM): no PDF, its tests are skipped" >&2; fi

test-build:
	$(OFFLINE) $(BIN)/mkdocs build --strict

test-unit:
	DLBOOK_SITE=$(CURDIR)/.no-site-yet $(OFFLINE) $(BIN)/python -m pytest -m "$(NOT_SITE)"

# rewrite snippets/<ch>/<name>.out from the runs of the pages' notebooks
# (review the diff like any edit); `make outputs SNIPPETS="cnn/lenet.py"`
# for the pages that run those only
outputs: $(STAMP)
	$(OFFLINE) $(BIN)/python -m bookkit.runs --write $(SNIPPETS)

# the same for the framework page's blocks that run in their own environments
outputs-frameworks: $(STAMP) frameworks-envs
	$(OFFLINE) $(BIN)/python -m bookkit.frameworks --write

# The book to take away, one per language, in dist/ (ignored by git):
#   make offline: a copy that opens from disk (file://) with search, zipped:
#     dist/dlbook-zh-offline.zip, dist/dlbook-en-offline.zip (site-offline/)
#   make pdf: the whole book printed by chromium (needs `make browser`):
#     dist/dlbook-zh.pdf, dist/dlbook-en.pdf (site-print/)
# Each language is a build of its own (DLBOOK_LANG, mkdocs.yml), at the root;
# the runs and diagrams come from .cache/ like any build's.
LANGS := zh en

offline: $(STAMP)
	@for lang in $(LANGS); do \
	  DLBOOK_OFFLINE=true DLBOOK_LANG=$$lang $(OFFLINE) $(BIN)/mkdocs build --strict \
	    -d site-offline/$$lang && \
	  $(BIN)/python scripts/book_offline.py site-offline/$$lang dist/dlbook-$$lang-offline.zip \
	  || exit 1; \
	done

pdf: $(STAMP) browser
	@for lang in $(LANGS); do \
	  DLBOOK_PRINT=true DLBOOK_LANG=$$lang $(OFFLINE) $(BIN)/mkdocs build --strict \
	    -d site-print/$$lang && \
	  $(OFFLINE) $(BIN)/python scripts/book_pdf.py site-print/$$lang dist/dlbook-$$lang.pdf \
	  || exit 1; \
	done

# bytes and requests of every page on a first visit (needs a built site/)
weight: $(STAMP) browser
	$(OFFLINE) $(BIN)/python scripts/page_weight.py

# dlbook layers vs torch.nn, build time, whole-book run time, other scripts
bench: $(STAMP)
	$(OFFLINE) $(BIN)/python benchmarks/bench.py

# a fresh .reader/ installed by the reader's one command, as the home pages
# show it (not the lock): scripts/reader_env.sh
reader-env:
	INSTALLER=$(INSTALLER) PYTHON=$(PYTHON) scripts/reader_env.sh

# The book's code at both ends of pyproject.toml's ranges (lowest: each
# dependency at its lower bound; newest: what the ranges allow today), each
# in a fresh .versions/<end>: dlbook's unit tests (the test files marked
# `lesson`, which need nothing but dlbook's own dependencies) and a few
# snippets against their .out (scripts/test_versions.sh).
# (history/ex_dropout.py and transformer/gpt_chars.py: dropout masks and
# sampled text, the first outputs to change with torch's random streams)
VERSION_SNIPPETS := neuron/activations.py basics/classical.py cnn/lenet.py \
  optim/vs_torch.py rnn/cells_vs_torch.py transformer/mha_vs_torch.py \
  transformer/minilm_load.py transformer/it_attention.py workflow/ex_dynamic.py \
  history/ex_dropout.py transformer/gpt_chars.py

test-versions: $(STAMP)
	INSTALLER=$(INSTALLER) PYTHON=$(PYTHON) UNIT_TESTS="$$($(BIN)/python -m pytest -q \
	  --collect-only -m lesson -p no:cacheprovider | sed -n 's/::.*//p' | sort -u)" \
	  VERSION_SNIPPETS="$(VERSION_SNIPPETS)" scripts/test_versions.sh

clean:
	rm -rf site site-offline site-print dist .cache docs/*/figures docs/zh/api docs/en/api \
	  .pytest_cache artifacts
