# Sourced, not run:   . scripts/installer.sh VENV
# Defines `pip_install ARGS...`, which runs `pip install ARGS...` in the
# virtualenv VENV (install.sh, reader_env.sh and test_versions.sh share it).
#
#   INSTALLER=pip (the default): pip itself, with the reader's own pip
#     settings.
#   INSTALLER=uv  (CI): `uv pip install ARGS...` with the same arguments; uv
#     (itself pinned, installed by pip first) spends about a fifth of pip's
#     CPU time on 2 cores.  uv reads no pip configuration, so pip's sources
#     and constraints (index, extra indexes, find-links, constraint files;
#     from the environment and pip.conf) are handed to it.
venv=$1
py=$venv/bin/python
UV_VERSION=0.13.8

if [ "${INSTALLER:-pip}" = uv ]; then
  "$py" -m pip install --quiet "uv==$UV_VERSION"
  # a setting of pip.conf, from every file pip reads (`pip config get`
  # looks in one file only)
  setting() {
    "$py" -m pip config list 2>/dev/null |
      sed -n "s/^\(global\|install\)\.$1='\(.*\)'\$/\2/p" | tail -n 1
  }
  uv_sources=()
  index=${PIP_INDEX_URL:-$(setting index-url)}
  if [ -n "$index" ]; then uv_sources+=(--index-url "$index"); fi
  for url in ${PIP_EXTRA_INDEX_URL:-} $(setting extra-index-url); do
    uv_sources+=(--extra-index-url "$url")
  done
  for dir in ${PIP_FIND_LINKS:-} $(setting find-links); do
    uv_sources+=(--find-links "$dir")
  done
  # pip's constraint file (PIP_CONSTRAINT, pip.conf), if any, binds uv too
  for file in ${PIP_CONSTRAINT:-} $(setting constraint); do
    uv_sources+=(--constraint "$file")
  done
  pip_install() {
    "$venv/bin/uv" pip install --python "$py" \
      --index-strategy unsafe-best-match "${uv_sources[@]}" "$@"
  }
elif [ "${INSTALLER:-pip}" = pip ]; then
  pip_install() { "$py" -m pip install "$@"; }
else
  echo "installer.sh: expected INSTALLER=pip or INSTALLER=uv, got INSTALLER=$INSTALLER" >&2
  exit 2
fi
