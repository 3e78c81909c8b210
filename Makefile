# Two commands for readers:  make serve   and   make test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Run the build and the tests with no network, to prove they need none.
OFFLINE := scripts/offline.sh

export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: serve test build install clean

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

test: $(STAMP)
	DLBOOK_NOTEBOOK_CACHE=false $(OFFLINE) $(BIN)/mkdocs build --strict
	$(OFFLINE) $(BIN)/python -m pytest

clean:
	rm -rf site .cache docs/figures .pytest_cache
