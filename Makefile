# Tribune: `make demo` to try it, `make test` to test it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export TRIBUNE_DATA_DIR ?= ./var

.PHONY: install dev demo serve worker test test-postgres lint format typecheck bench lock clean

# The environment: the locked dependencies, then Tribune itself (editable).
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.lock
	$(BIN)/python -m pip install -q -r requirements-dev.lock
	touch $@

# axe-core for the accessibility browser tests, as package-lock.json pins it (npm ci starts
# from an empty node_modules). Only where npm exists; .ci/run makes sure it does.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(BIN)/.installed
dev: $(BIN)/.dev-installed $(if $(shell command -v npm),node_modules/.installed)

demo: install
	$(BIN)/tribune migrate --noinput -v0
	$(BIN)/tribune demo
	@echo "Open http://127.0.0.1:$(PORT)/"
	$(BIN)/tribune serve --port $(PORT)

serve: install
	$(BIN)/tribune migrate --noinput -v0
	$(BIN)/tribune serve --port $(PORT)

worker: install
	$(BIN)/tribune worker

# The whole suite on the database TRIBUNE_DATABASE_URL names (SQLite when unset).
test: dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: dev
	TRIBUNE_DATABASE_URL=$${TRIBUNE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/tribune} \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: dev
	$(BIN)/mypy

bench: dev
	$(BIN)/python bench/ingest.py

# Re-resolve the locked dependency sets from pyproject.toml.
lock: dev
	$(BIN)/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links --extra dev -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules var/static .pytest_cache .mypy_cache .ruff_cache
