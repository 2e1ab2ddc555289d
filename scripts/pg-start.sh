#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster in a private temp dir and prints the exports to use it.
# usage: eval "$(bash scripts/pg-start.sh)"   -> PGHOST PGPORT PGUSER PGTEST_DIR
# As root, initdb refuses to run, so the server runs as the `postgres` system user (runuser).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
  echo "找不到 PostgreSQL 15（$PGBIN/initdb）。请安装：apt-get install -y postgresql-15" >&2
  exit 1
fi
PORT=${1:-$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')}
DIR=$(mktemp -d /tmp/chanye-pg.XXXXXX)
RUN=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres: "$DIR"; chmod 700 "$DIR"; RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
  start >/dev/null
echo "export PGHOST=$DIR PGPORT=$PORT PGUSER=postgres PGTEST_DIR=$DIR"
