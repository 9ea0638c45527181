# The two commands of the README:
#   make demo  — install the locked dependencies, build the demo database from the shipped data, serve the web app
#   make test  — install the locked dev dependencies (incl. Debian's Chromium for browser tests and
#                PostgreSQL for the tests on the second engine), lint, run all tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
UV ?= uv

.PHONY: demo test install install-dev lock system-deps browser-deps postgres-deps node-deps lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies come pinned and hashed from the lock files (requirements.lock: what the app needs
# at run time, for `make demo`; requirements-dev.lock: that plus the test and lint tools), then
# the package itself is installed without resolving anything again.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# After a change to the dependencies in pyproject.toml: pin them again from PyPI (needs uv).
lock:
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes \
	  --index-url https://pypi.org/simple --custom-compile-command "make lock" -o requirements.lock
	$(UV) pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes \
	  --index-url https://pypi.org/simple --custom-compile-command "make lock" -o requirements-dev.lock

demo: install system-deps
	$(BIN)/kommunanalys demo --host $(HOST) --port $(PORT)

# Debian libraries WeasyPrint needs for the PDF reports (Pango, HarfBuzz's font subsetting:
# without it WeasyPrint warns, and the tests take warnings as errors) and a font with Swedish
# glyphs.
system-deps:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset && \
	   test -d /usr/share/fonts/truetype/dejavu; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; }

# Debian's Chromium for the Playwright browser tests (never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL for the tests on the second engine: the test fixture starts a throwaway
# cluster with its initdb and pg_ctl (tests/postgres_cluster.py); its own service stays off.
postgres-deps:
	@{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; }

# axe-core for the accessibility checks, from npm with the lockfile (npm itself from Debian if missing).
node_modules/.installed: package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node-deps: node_modules/.installed

# ruff for style and mistakes, mypy (configured in pyproject.toml) for the types of src/
lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: install-dev system-deps browser-deps postgres-deps node-deps lint
	$(BIN)/pytest -n auto

# Every benchmark prints its figure and a same-run ratio and exits 1 on a missed goal; make
# goes on after a miss (-) so that one run shows every figure, and fails at the end if any missed.
BENCHES := profile_latency.py stats_scale.py "page_latency.py --rounds 3" import_throughput.py \
	"import_throughput.py --postgresql --rows 1000000" "ledger_import.py --scale 0.1" \
	start_time.py demo_build.py load.py

bench: install-dev
	@failed=""; for b in $(BENCHES); do \
	  echo "== bench/$$b"; $(BIN)/python bench/$$b || failed="$$failed $$b"; \
	done; \
	if [ -n "$$failed" ]; then echo "goals missed by:$$failed"; exit 1; fi

clean:
	rm -rf $(VENV) node_modules kommunanalys.duckdb .pytest_cache .ruff_cache
