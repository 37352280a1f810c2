# The two commands a fresh machine needs: `make playground` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Every package, its exact version and the hashes of its files: what `make install` installs.
LOCK := requirements/dev.txt
# The same for running the bot alone (no test or build tools), for deployments.
RUNTIME_LOCK := requirements/main.txt
COMPILE := $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet

.PHONY: install lock audit test lint playground simulator bench clean

# Only what the lockfile names, checked against its hashes; then the project itself, built with
# the locked hatchling rather than whatever is newest.
$(BIN)/.installed: $(LOCK) pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

install: $(BIN)/.installed

$(BIN)/uv:
	$(MAKE) install

# After changing a dependency in pyproject.toml: resolve again, then install what was locked.
# It needs only uv from the installed environment, not an environment matching the old lock.
lock: $(BIN)/uv
	$(COMPILE) pyproject.toml --output-file $(RUNTIME_LOCK)
	$(COMPILE) pyproject.toml requirements/build.in --extra dev \
		--constraint $(RUNTIME_LOCK) --output-file $(LOCK)
	$(MAKE) install

# Known vulnerabilities in the locked packages. Asks PyPI's advisory database, so it needs the
# network; --strict fails rather than passing when a package could not be looked up.
audit: install
	$(BIN)/pip-audit --strict --disable-pip --require-hashes --progress-spinner off \
		--requirement $(RUNTIME_LOCK) --requirement $(LOCK)

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
