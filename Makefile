# The two commands: `make run` (set up and serve) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv system-deps lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "fanzha needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## Set up everything and serve the console and API on http://127.0.0.1:8000
run: venv
	$(BIN)/fanzha demo load
	$(BIN)/fanzha serve

system-deps:
	bash scripts/install-system-deps.sh

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: venv
	$(BIN)/mypy

unit: venv system-deps
	$(BIN)/pytest -q

## Install what the tests need (system packages included) and run the whole suite
test: venv system-deps lint typecheck unit

bench: venv
	$(BIN)/python benchmarks/screening_inprocess.py
	$(BIN)/python benchmarks/screening_http.py
	$(BIN)/python benchmarks/shaken_bench.py
	$(BIN)/python benchmarks/sip_bench.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
