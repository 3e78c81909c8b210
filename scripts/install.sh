#!/usr/bin/env bash
# Install the pinned set (requirements.lock) into the virtualenv $1.
#
#   INSTALLER=pip (the default): pip, with the reader's own pip settings.
#   INSTALLER=uv  (CI): the same pins with uv (itself pinned, installed by
#     pip first); on 2 cores it spends about a fifth of pip's CPU time.  uv
#     reads no pip configuration, so pip's sources (index, extra indexes,
#     find-links; from the environment and pip.conf) are handed to it.
set -euo pipefail
venv=$1
py=$venv/bin/python
UV_VERSION=0.13.8

if [ "${INSTALLER:-pip}" = uv ]; then
  "$py" -m pip install --quiet "uv==$UV_VERSION"
  setting() { "$py" -m pip config get "global.$1" 2>/dev/null || true; }
  args=()
  index=${PIP_INDEX_URL:-$(setting index-url)}
  if [ -n "$index" ]; then args+=(--index-url "$index"); fi
  for url in ${PIP_EXTRA_INDEX_URL:-} $(setting extra-index-url); do
    args+=(--extra-index-url "$url")
  done
  for dir in ${PIP_FIND_LINKS:-} $(setting find-links); do args+=(--find-links "$dir"); done
  install() {
    "$venv/bin/uv" pip install --quiet --python "$py" \
      --index-strategy unsafe-best-match "${args[@]}" "$@"
  }
elif [ "${INSTALLER:-pip}" = pip ]; then
  # --no-compile: Python compiles only the modules it imports, when first
  # imported (uv does the same); compiling all of torch & co. at install
  # time cost more than half of pip's time here.
  install() { "$py" -m pip install --quiet --no-compile "$@"; }
else
  echo "install.sh: expected INSTALLER=pip or INSTALLER=uv, got INSTALLER=$INSTALLER" >&2
  exit 2
fi

install -r requirements.lock
install --no-deps -r requirements-nodeps.txt
install --no-deps -e .
