# The two commands a fresh machine needs: `make playground` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Where `make playground` listens; `make playground PORT=3001` when 3000 is taken.
PORT ?= 3000

.PHONY: install install-runtime test lint playground simulator bench clean

# The virtualenv itself. Debian and Ubuntu ship Python's venv module as a package of its own;
# without it `python3 -m venv` leaves a virtualenv without pip behind, so that one goes again.
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); \
		echo "Python's venv module is missing. Install it (Debian/Ubuntu:" \
			"sudo apt-get install python3-venv) and run make again." >&2; \
		exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# What the bot and the playground run on, and nothing else: no test, type or lint tools.
$(BIN)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The runtime plus the tools `make test` uses (pytest, mypy, ruff, playwright, hypothesis…).
$(BIN)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(BIN)/.runtime

install: $(BIN)/.installed

install-runtime: $(BIN)/.runtime

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Everything: lint, types, unit, scenario, PostgreSQL and browser tests.
test: install
	scripts/test-services
	$(MAKE) lint
	. scripts/test-env && $(BIN)/pytest

playground: install-runtime
	$(BIN)/visningsbot playground --port $(PORT)

simulator: install-runtime
	$(BIN)/visningsbot simulator --port 8080

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
