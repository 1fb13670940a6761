# Groundwork: `make run` serves the API with a sample network; `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check lint install bench clean postgresql

# The end-to-end tests drive Debian's Chromium (browser downloads are not possible here).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime dependencies only; reinstalled when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Runtime and test dependencies.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

# Serves http://127.0.0.1:8000 on data/groundwork.sqlite, recording the sample
# network the first time (when the database is empty).
run: $(VENV)/.installed-run
	GROUNDWORK_SAMPLE_DATA=$${GROUNDWORK_SAMPLE_DATA:-true} $(BIN)/groundwork serve

lint: $(VENV)/.installed-test
	$(BIN)/ruff check domain projections interface tests benchmarks
	$(BIN)/ruff format --check domain projections interface tests benchmarks
	$(BIN)/mypy
	$(BIN)/mypy --strict --explicit-package-bases --follow-imports=silent benchmarks/*.py
	$(BIN)/lint-imports

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "The web tests need Chromium at $(CHROMIUM)."; exit 1; }
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# The suite also runs on PostgreSQL: Debian's server, in a throw-away cluster on a free
# loopback port that tests/postgres_cluster.py starts, and stops and removes afterwards.
POSTGRES_INITDB = $(wildcard /usr/lib/postgresql/*/bin/initdb)

postgresql:
	@if [ -z "$(POSTGRES_INITDB)" ]; then \
		command -v apt-get >/dev/null || { echo "The tests need PostgreSQL (Debian's postgresql)."; exit 1; }; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; \
	fi

# The fast tier: lint, types and every test that starts no server process, browser or
# database server, in-process (tests/conftest.py marks the others `process`), spread over
# every core: each worker serves the API tests' app in its own process.
check: lint
	GROUNDWORK_TEST_TIER=fast $(BIN)/pytest -q -m "not process" -n auto

test: lint $(CHROMIUM) postgresql
	$(BIN)/pytest
	$(BIN)/python tests/postgres_cluster.py $(BIN)/pytest

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/write_path.py --clients 8
	$(BIN)/python benchmarks/write_path.py --clients 16
	$(BIN)/python benchmarks/projections.py
	$(BIN)/python benchmarks/backup.py
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/known_at.py
	$(MAKE) postgresql
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/idle.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
