# Chanye — one-command set-up, run and test. See README.md.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
VENDOR := chanye/static/vendor
ECHARTS_VERSION := $(shell sed -n 's/.*"echarts": "\(.*\)".*/\1/p' frontend/package.json)
HTMX_VERSION := $(shell sed -n 's/.*"htmx.org": "\(.*\)".*/\1/p' frontend/package.json)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup venv assets system-deps migrate run demo test test-sqlite test-postgres test-browser bench lint lock demo clean

setup: venv assets migrate  ## everything `make run` and `make test` need

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Re-install when the pins change.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

venv: $(VENV)/.installed

# Front-end bundles come from the committed npm lockfile, copied with their version in the name.
$(VENDOR)/.stamp: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	rm -f $(VENDOR)/*.js
	cp frontend/node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts-$(ECHARTS_VERSION).min.js
	cp frontend/node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx-$(HTMX_VERSION).min.js
	echo "echarts=$(ECHARTS_VERSION) htmx=$(HTMX_VERSION)" > $@

assets: $(VENDOR)/.stamp

# Debian packages for browser tests and PDF (chromium, CJK fonts, poppler); installed only when missing.
system-deps:
	bash scripts/system-deps.sh

# Migrations and the default system; the admin login is created only by `make run`, so the
# password is printed where the person who will use it is looking.
migrate: venv
	$(BIN)/chanye init --no-admin

# The task worker runs beside the web server and stops with it.
run: setup
	$(BIN)/chanye init
	$(BIN)/chanye demo
	$(BIN)/chanye worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/chanye serve --host $(HOST) --port $(PORT)

# The whole suite: SQLite, a throwaway PostgreSQL 15, and the browser tests in Debian chromium.
test: setup system-deps
	bash scripts/test.sh

test-sqlite: setup
	$(BIN)/pytest -q -m "not browser" -n 2

test-postgres: setup
	bash scripts/with-postgres.sh $(BIN)/pytest -q -m "not browser" -n 2

test-browser: setup system-deps
	$(BIN)/pytest -q -m browser

demo: setup
	$(BIN)/chanye demo

bench: setup
	$(BIN)/python -m chanye.site.bench --all

lint: venv
	$(BIN)/ruff check chanye conftest.py
	$(BIN)/ruff format --check chanye conftest.py
	$(BIN)/python -m django makemigrations --check --dry-run --settings=chanye.settings

lock:
	rm -rf /tmp/chanye-lock && $(PY) -m venv /tmp/chanye-lock
	/tmp/chanye-lock/bin/pip install -q -e '.[dev]'
	( echo "# Full pinned set (pip freeze) of what pyproject.toml asks for; \`make setup\` installs exactly this."; \
	  echo "# Regenerate: make lock"; /tmp/chanye-lock/bin/pip freeze --exclude-editable ) > requirements.lock

clean:
	rm -rf $(VENV) frontend/node_modules $(VENDOR) var
