#!/usr/bin/env bash
# make reader-env: a fresh virtualenv .reader/ set up by the reader's one
# command, exactly as README.md and the home pages (docs/*/index.md) show it,
# from a clone of the repository.  Not requirements.lock: the ranges of
# pyproject.toml, resolved the way a reader's pip resolves them today.
#
# INSTALLER=uv runs `uv pip` with the same arguments (see installer.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# The reader's command; tests/test_packaging.py checks that the pages show it.
READER_COMMAND='pip install -e .'
# and Jupyter's kernel, which every Jupyter a reader opens the notebooks in
# brings: the page notebooks run in .reader too (bookkit/runs.py)
NOTEBOOK_COMMAND='pip install ipykernel'

venv=.reader
start=$(date +%s)
rm -rf "$venv"
"${PYTHON:-python3}" -m venv "$venv"
. scripts/installer.sh "$venv"
read -ra words <<< "$READER_COMMAND"
pip_install "${words[@]:2}"   # the words after "pip install"
read -ra words <<< "$NOTEBOOK_COMMAND"
pip_install "${words[@]:2}"
seconds=$(( $(date +%s) - start ))

"$venv/bin/python" scripts/versions.py report | paste -sd ' '
echo "reader-env: $venv made by '$READER_COMMAND' and '$NOTEBOOK_COMMAND'" \
     "(INSTALLER=${INSTALLER:-pip})" \
     "in ${seconds} s, $(du -sh "$venv" | cut -f1) on disk"
