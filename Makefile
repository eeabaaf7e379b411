# CareerCenter: `make run` serves the app with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := careercenter

.PHONY: run test install lint format clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,server,postgres]'
	touch $@

install: $(VENV)/.installed

## Serve on http://127.0.0.1:5000 with SQLite, embedded search, console e-mail and demo data.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask codes load
	$(BIN)/flask demo load
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## Lint, then the suite on SQLite, then the same suite on PostgreSQL.
test: install
	bash .ci/system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest
	bash .ci/with-postgres $(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
