# The two commands a fresh machine needs: `make playground` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Every package, its exact version and the hashes of its files: what `make install` installs.
LOCK := requirements/dev.txt
# The same for running the bot alone (no test or build tools): the playground and deployments.
RUNTIME_LOCK := requirements/main.txt
COMPILE := $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes --quiet
# Where `make playground` listens; `make playground PORT=3001` when 3000 is taken.
PORT ?= 3000
# `make playground WORKSPACES=1`: two Slack workspaces (OAuth mode), installed by clicking through.
WORKSPACES ?=

.PHONY: install install-runtime lock audit test test-random lint playground simulator bench clean

# The virtualenv itself. Debian and Ubuntu ship Python's venv module as a package of its own;
# without it `python3 -m venv` leaves a virtualenv without pip behind, so that one goes again.
$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); \
		echo "Python's venv module is missing. Install it (Debian/Ubuntu:" \
			"sudo apt-get install python3-venv) and run make again." >&2; \
		exit 1; }

# What the bot and the playground run on, and nothing else: no test, type or lint tools. Only
# what the runtime lockfile names, checked against its hashes; then the project itself and its
# developer tools (devtools/: the local Vitec and Slack), a distribution of their own.
$(BIN)/.runtime: $(RUNTIME_LOCK) pyproject.toml devtools/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(RUNTIME_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --editable . --editable ./devtools
	touch $@

# The runtime plus the tools `make test` uses (pytest, mypy, ruff, playwright, hypothesis…),
# from the dev lockfile; the project and its developer tools are built with the locked hatchling.
$(BIN)/.installed: $(LOCK) pyproject.toml devtools/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation \
		--editable . --editable ./devtools
	touch $@ $(BIN)/.runtime

install: $(BIN)/.installed

install-runtime: $(BIN)/.runtime

$(BIN)/uv:
	$(MAKE) install

# After changing a dependency in pyproject.toml or devtools/pyproject.toml: resolve again, then
# install what was locked. It needs only uv from the installed environment, not an environment
# matching the old lock. The developer tools require the bot itself, which is no package to pin.
lock: $(BIN)/uv
	$(COMPILE) pyproject.toml devtools/pyproject.toml --no-emit-package visningsbot \
		--output-file $(RUNTIME_LOCK)
	$(COMPILE) pyproject.toml devtools/pyproject.toml requirements/build.in --extra dev \
		--no-emit-package visningsbot --constraint $(RUNTIME_LOCK) --output-file $(LOCK)
	$(MAKE) install

# Known vulnerabilities in the locked packages. Asks PyPI's advisory database, so it needs the
# network; --strict fails rather than passing when a package could not be looked up.
audit: install
	$(BIN)/pip-audit --strict --disable-pip --require-hashes --progress-spinner off \
		--requirement $(RUNTIME_LOCK) --requirement $(LOCK)

# Style, types, and the shape of the code: imports run one way (contracts in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Everything: lint, types, unit, scenario, PostgreSQL and browser tests.
test: install
	scripts/test-services
	$(MAKE) lint
	. scripts/test-env && $(BIN)/pytest

# The suite in two other orders: shuffled (pytest-randomly prints its seed; SEED=… repeats one),
# then reversed (pytest-reverse). A test that passes only after, or before, another fails here.
test-random: install
	scripts/test-services
	. scripts/test-env && $(BIN)/pytest -p randomly $(if $(SEED),--randomly-seed=$(SEED))
	. scripts/test-env && $(BIN)/pytest --reverse

playground: install-runtime
	$(BIN)/visningsbot playground --port $(PORT)$(if $(WORKSPACES), --workspaces)

simulator: install-runtime
	$(BIN)/visningsbot simulator --port 8080

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .import_linter_cache .grimp_cache
