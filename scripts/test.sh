#!/usr/bin/env bash
# The whole suite, as `make test` and CI run it: SQLite, then PostgreSQL, then the browser.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
echo "== 1/4 lint: ruff check, ruff format --check, migrations check"
$BIN/ruff check chanye conftest.py
$BIN/ruff format --check chanye conftest.py
$BIN/python -m django makemigrations --check --dry-run --settings=chanye.settings >/dev/null
echo "== 2/4 suite on SQLite"
$BIN/pytest -q -m "not browser" -p no:cacheprovider -n 2
echo "== 3/4 suite on a throwaway PostgreSQL 15"
bash scripts/with-postgres.sh $BIN/pytest -q -m "not browser" -p no:cacheprovider -n 2
echo "== 4/4 browser tests (Debian chromium via Playwright)"
$BIN/pytest -q -m browser -p no:cacheprovider
