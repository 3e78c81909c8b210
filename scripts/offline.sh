#!/usr/bin/env bash
# Run a command with no network: a fresh network namespace that has only the
# loopback interface (so local servers still work).  This is how `make test`
# proves that building the site and running every snippet download nothing.
# Where namespaces are not allowed (no root, some containers) the command runs
# as it is, after a warning.
set -euo pipefail
if unshare -n true 2>/dev/null; then
  exec unshare -n bash -c 'ip link set lo up 2>/dev/null || true; exec "$@"' offline "$@"
fi
echo "offline.sh: cannot create a network namespace here; running with network" >&2
exec "$@"
