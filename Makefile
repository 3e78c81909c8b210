# Two commands for readers:  make serve   and   make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Run the build and the tests with no network, to prove they need none.
OFFLINE := scripts/offline.sh

export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

# The browser tests drive Debian's chromium (Playwright's own download does
# not work offline).  `make test` installs it when it is missing and we are
# root (apt-get, before the offline part); elsewhere install it yourself or
# the browser tests are skipped with a message.
CHROMIUM := /usr/bin/chromium
IS_ROOT  := $(shell [ "$$(id -u)" = 0 ] && echo 1)

.PHONY: serve test build install clean browser weight bench outputs

$(STAMP): pyproject.toml requirements.lock requirements-nodeps.txt
	@$(PYTHON) -c 'import sys; v = sys.version_info; \
	  sys.exit(0 if v >= (3, 11) else "need Python >= 3.11, found %d.%d" % v[:2])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

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

# set-up (online), then the build and every test with no network
test: $(STAMP) browser
	DLBOOK_NOTEBOOK_CACHE=false $(OFFLINE) $(BIN)/mkdocs build --strict
	DLBOOK_REQUIRE_BROWSER=$(IS_ROOT) $(OFFLINE) $(BIN)/python -m pytest

# rewrite snippets/<ch>/<name>.out from fresh runs of the snippets (review the
# diff like any edit); `make outputs SNIPPETS="cnn/lenet.py"` for some only
outputs: $(STAMP)
	$(OFFLINE) $(BIN)/python scripts/outputs.py $(SNIPPETS)

# bytes and requests of every page on a first visit (needs a built site/)
weight: $(STAMP) browser
	$(OFFLINE) $(BIN)/python scripts/page_weight.py

# dlbook layers vs torch.nn, build time, whole-book run time, other scripts
bench: $(STAMP)
	$(OFFLINE) $(BIN)/python benchmarks/bench.py

clean:
	rm -rf site .cache docs/figures docs/zh/api docs/en/api .pytest_cache artifacts
