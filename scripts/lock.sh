#!/usr/bin/env bash
# Rebuild requirements.lock from pyproject.toml in a throw-away venv: the
# newest versions its ranges allow, with every extra (docs, test, frameworks).
# torch is written as plain ==X.Y.Z so pip takes the CPU wheel where one is
# configured (see README), instead of a local-version "+cpu" pin; run it with
# PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu so the lock holds
# the CPU build and none of the CUDA libraries.
#
# The wheels of requirements-nodeps.txt are installed with --no-deps by
# `make`; what only they require (sentence-transformers) stays out of the lock.
#
# scripts/lock.sh frameworks: rebuild requirements-frameworks-<name>.lock, the
# environments of TensorFlow, MindSpore and PaddlePaddle in which `make
# test-frameworks` runs their blocks (scripts/frameworks_env.sh): each
# framework at the version below, with NumPy and the scikit-learn of
# requirements.lock (the page's data), in a throw-away venv of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "${1:-}" = frameworks ]; then
  sklearn=$(grep '^scikit-learn==' requirements.lock)
  # name: what it installs (MindSpore's compiled parts need NumPy 1.x)
  declare -A frameworks=(
    [tensorflow]="tensorflow-cpu==2.21.0"
    [mindspore]="mindspore==2.10.0 numpy<2"
    [paddle]="paddlepaddle==3.3.1"
  )
  for name in "${!frameworks[@]}"; do
    python3 -m venv "$tmp/$name"
    read -ra wanted <<< "${frameworks[$name]}"
    "$tmp/$name/bin/pip" install --quiet "${wanted[@]}" "$sklearn"
    lock=requirements-frameworks-$name.lock
    {
      echo "# Every package pinned: the environment .frameworks/$name/ in which"
      echo "# \`make test-frameworks\` runs snippets/frameworks/${name}_step.py"
      echo "# (scripts/frameworks_env.sh).  Regenerate with scripts/lock.sh frameworks."
      "$tmp/$name/bin/pip" freeze --all --exclude pip --exclude setuptools | sort -f
    } > "$lock"
    echo "$lock: $(grep -vc '^#' "$lock") packages"
  done
  exit 0
fi
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet -e ".[docs,test,frameworks]"
{
  echo "# Every package pinned: what 'make serve' and 'make test' install (pip install -r)."
  echo "# Regenerate with scripts/lock.sh after changing pyproject.toml."
  "$tmp/venv/bin/python" - <<'PY'
# The installed packages that dlbook (with its extras) needs, without
# following the requirements of the --no-deps wheels; as `pip freeze` writes.
from importlib import metadata
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name as canon

with open("requirements-nodeps.txt") as f:
    nodeps = {canon(Requirement(line.strip()).name) for line in f
              if line.strip() and not line.startswith("#")}
needed, todo = set(), [("dlbook", {"docs", "test", "frameworks"})]
while todo:
    name, extras = todo.pop()
    for requirement in map(Requirement, metadata.requires(name) or []):
        marker = requirement.marker
        if marker and not any(marker.evaluate({"extra": e}) for e in extras | {""}):
            continue
        key = (canon(requirement.name), frozenset(requirement.extras))
        if key not in needed:
            needed.add(key)
            if key[0] not in nodeps:
                todo.append((requirement.name, set(requirement.extras)))
# as `pip freeze` on Python < 3.12: no pip, setuptools, wheel, distribute
keep = {name for name, _ in needed} - nodeps - {"pip", "setuptools", "wheel", "distribute"}
for dist in sorted(metadata.distributions(), key=lambda d: d.metadata["Name"].lower()):
    if canon(dist.metadata["Name"]) in keep:
        print(f"{dist.metadata['Name']}=={dist.version}")
PY
} | sed 's/^torch==\([0-9.]*\)+cpu$/torch==\1/' > "$tmp/lock"
mv "$tmp/lock" requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
