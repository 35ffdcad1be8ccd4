# The two commands: `make run` and `make test`. Everything else is a step they depend on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup neo4j run test lint typecheck unit bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(INSTALLED) neo4j

neo4j: $(INSTALLED)
	$(BIN)/python -m graph.store.launcher install

run: setup
	$(BIN)/tipgraph run

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

test: setup lint typecheck
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m bench.crossref
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.linked_tips
	$(BIN)/python -m bench.hardening
	$(BIN)/python -m bench.query_cost
	$(BIN)/python -m bench.triage
	$(BIN)/python -m bench.workers

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache
