#!/usr/bin/env bash
# Install the pinned set (requirements.lock) into the virtualenv $1.
#
#   INSTALLER=pip (the default) or INSTALLER=uv (CI): see installer.sh.
set -euo pipefail
. "$(dirname "$0")/installer.sh" "$1"

if [ "${INSTALLER:-pip}" = pip ]; then
  # --no-compile: Python compiles only the modules it imports, when first
  # imported, and keeps their bytecode (uv does the same; the Makefile lets
  # it keep them); compiling all of torch & co. at install time cost more
  # than half of pip's time here.
  fast=(--quiet --no-compile)
else
  fast=(--quiet)
fi
pip_install "${fast[@]}" -r requirements.lock
pip_install "${fast[@]}" --no-deps -r requirements-nodeps.txt
pip_install "${fast[@]}" --no-deps -e .
# The wheels a build under isolation installs first (pyproject.toml's
# [build-system] requires: setuptools), kept in $1/wheels: the test that
# builds dlbook's wheel the way a reader's pip does runs offline
# (tests/test_check.py).
"$1/bin/python" -m pip download --quiet --no-deps --only-binary=:all: \
  -d "$1/wheels" $("$1/bin/python" -c 'import tomllib
print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"])')
