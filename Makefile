PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed

BENCH_STAMP := $(VENV)/.bench

.PHONY: demo test check bench bench-one-core clean

# pip says only what went wrong (-qq): setuptools' note that every editable install
# makes is left out, and building the package itself warns of nothing (pip wheel .).
INSTALL := $(PIP) install --quiet --quiet --progress-bar off

# What Kinerja needs to run, and nothing else.
$(RUNTIME): pyproject.toml
	@echo "Installing Kinerja and what it needs into $(VENV)/ (the first time takes a minute)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(INSTALL) -e .
	@touch $@

# For development: the test, lint and type-checking tools too.
$(STAMP): pyproject.toml
	@echo "Installing Kinerja with its test, lint and type-checking tools into $(VENV)/..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(INSTALL) --upgrade pip
	@$(INSTALL) -e '.[test]'
	@touch $@

demo: $(RUNTIME)
	@$(BIN)/kinerja --demo

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

check: $(STAMP)
	$(BIN)/ruff check models tui tests
	$(BIN)/ruff format --check models tui tests
	$(BIN)/mypy --strict models tui
	$(BIN)/lint-imports

# The benchmark's own reference programs (VisiData), on top of the development tools.
$(BENCH_STAMP): $(STAMP)
	@echo "Installing the benchmark's reference programs into $(VENV)/..."
	@$(INSTALL) -e '.[test,bench]'
	@touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python -m tests.bench

# The same on one core: the low-spec office machine.
bench-one-core: $(BENCH_STAMP)
	taskset -c 0 $(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) build *.egg-info
