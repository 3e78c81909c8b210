#!/usr/bin/env bash
# scripts/frameworks_env.sh NAME: a fresh virtualenv .frameworks/NAME/ with
# exactly the pins of requirements-frameworks-NAME.lock, in which
# `make test-frameworks` runs snippets/frameworks/NAME_step.py
# (tests/test_frameworks.py).  TensorFlow, MindSpore and PaddlePaddle each
# get their own: their pins need not agree with requirements.lock nor with
# one another, and none of them is in a reader's default install.
#
# INSTALLER=uv runs `uv pip` with the same arguments (see installer.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/frameworks_env.sh tensorflow|mindspore|paddle}
lock=requirements-frameworks-$name.lock
[ -f "$lock" ] || { echo "frameworks_env.sh: no $lock" >&2; exit 2; }

venv=.frameworks/$name
start=$(date +%s)
rm -rf "$venv"
"${PYTHON:-python3}" -m venv "$venv"
. scripts/installer.sh "$venv"
if [ "${INSTALLER:-pip}" = pip ]; then fast=(--quiet --no-compile); else fast=(--quiet); fi
pip_install "${fast[@]}" -r "$lock"
echo "frameworks_env.sh: $venv from $lock (INSTALLER=${INSTALLER:-pip})" \
     "in $(( $(date +%s) - start )) s, $(du -sh "$venv" | cut -f1) on disk"
