#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL: start, create the database, run, always stop.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/pg-start.sh)"
trap 'bash scripts/pg-stop.sh "$PGTEST_DIR"' EXIT
createdb -h "$PGHOST" -p "$PGPORT" -U postgres chanye
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/chanye"
"$@"
