#!/usr/bin/env bash
# Rebuild requirements.lock from pyproject.toml in a throw-away venv.
# torch is written as plain ==2.13.0 so pip takes the CPU wheel where one is
# configured (see README), instead of a local-version "+cpu" pin.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet -e ".[docs,test]"
{
  echo "# Every package pinned: what 'make serve' and 'make test' install (pip install -r)."
  echo "# Regenerate with scripts/lock.sh after changing pyproject.toml."
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v '^dlbook' | sed 's/^torch==\([0-9.]*\)+cpu$/torch==\1/'
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
