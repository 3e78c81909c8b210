#!/usr/bin/env bash
# make test-versions: the book's code against both ends of the ranges in
# pyproject.toml's dependencies.
#
#   lowest: every dependency at the lower bound of its range
#           (scripts/versions.py lowest: torch==2.x, numpy==1.26, ...)
#   newest: the newest versions the ranges allow (a plain `pip install -e .`)
#
# Each gets a fresh virtualenv .versions/<name> (of requirements.lock only
# pytest's pin), then runs the unit tests of dlbook that need no site
# ($UNIT_TESTS) and a few snippets compared with their .out
# ($VERSION_SNIPPETS, by the rule of dlbook.check.outputs).
# INSTALLER=uv installs with uv (see installer.sh).  `make test-versions
# ENDS=lowest` runs one end only.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${UNIT_TESTS:?the unit test files (make sets UNIT_TESTS)}"
: "${VERSION_SNIPPETS:?snippets to compare (make sets VERSION_SNIPPETS)}"
PYTHON=${PYTHON:-python3}
pytest_pin=$(grep -i '^pytest==' requirements.lock)

summary=()
status=0
for end in ${ENDS:-lowest newest}; do
  venv=.versions/$end
  case $end in
    lowest) pins=$("$PYTHON" scripts/versions.py lowest) ;;
    newest) pins= ;;
    *) echo "test_versions.sh: expected ENDS of lowest and newest, got $end" >&2; exit 2 ;;
  esac
  echo "== $end: a fresh $venv with -e . $pins $pytest_pin"
  start=$(date +%s)
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  (
    . scripts/installer.sh "$venv"
    # shellcheck disable=SC2086  # the pins are words
    pip_install --quiet -e . $pins "$pytest_pin"
  )
  installed=$(( $(date +%s) - start ))
  versions=$("$venv/bin/python" scripts/versions.py report | paste -sd ' ')
  echo "$end: installed in ${installed} s, $(du -sh "$venv" | cut -f1): $versions"

  result=passed
  # shellcheck disable=SC2086
  if ! "$venv/bin/python" -m pytest -q -p no:cacheprovider $UNIT_TESTS; then
    result=FAILED; status=1
  fi
  # shellcheck disable=SC2086
  if ! "$venv/bin/python" scripts/versions.py snippets $VERSION_SNIPPETS; then
    result=FAILED; status=1
  fi
  summary+=("$end $result ($(( $(date +%s) - start )) s): $versions")
done

echo
echo "test-versions:"
printf '  %s\n' "${summary[@]}"
exit $status
