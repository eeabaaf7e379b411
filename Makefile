# CareerCenter: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := careercenter

.PHONY: run test install install-test lint format clean

$(BIN)/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# What running needs; the test tools come with `make test`.
$(VENV)/.installed-run: pyproject.toml setup.py | $(BIN)/pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py | $(BIN)/pip
	$(BIN)/pip install --quiet -e '.[test,server,postgres]'
	touch $@

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

## Serve on http://127.0.0.1:$(PORT) with SQLite, embedded search, console e-mail and demo
## data, and the worker beside the server (alert digests, e-mail): one command, Ctrl-C stops both.
PORT ?= 5000
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask codes load
	$(BIN)/flask demo load
	$(BIN)/flask serve --host 127.0.0.1 --port $(PORT)

# Test processes (pytest-xdist): each runs its own session (app, database, index), tests of
# one file stay together. Two halve the suite's time on a 2-core machine.
TEST_PROCESSES ?= 2
PYTEST = $(BIN)/pytest -n $(TEST_PROCESSES) --dist loadfile

## Lint; the suite on SQLite, then on PostgreSQL; the system tests that do not depend on
## the database (browser, packaging, benchmark, a private PostgreSQL's restart) once.
test: install-test
	bash .ci/system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(PYTEST) -m "not once"
	bash .ci/with-postgres $(PYTEST) -m "not once"
	$(PYTEST) -m once

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
