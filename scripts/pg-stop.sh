#!/usr/bin/env bash
# Stops the throwaway cluster started by pg-start.sh and removes its directory.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=${1:-${PGTEST_DIR:?set PGTEST_DIR or pass the dir}}
RUN=(); [ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null || true
rm -rf "$DIR"
