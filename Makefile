# The two commands a fresh machine needs: `make playground` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install test lint playground simulator bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Everything: lint, types, unit, scenario, PostgreSQL and browser tests.
test: install
	scripts/test-services
	$(MAKE) lint
	. scripts/test-env && $(BIN)/pytest

playground: install
	$(BIN)/visningsbot playground

simulator: install
	$(BIN)/visningsbot simulator --port 8080

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
