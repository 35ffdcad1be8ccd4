# The two commands: `make run` and `make test`. Everything else is a step they depend on.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: setup neo4j run test lint typecheck unit bench clean web weblint chromium

# The workbench (web/): Node 20.19+ and npm. Each step is a file target, so `make run` and `make test`
# rebuild only when web sources, the schema or the lock file changed.
WEB := web
WEB_SOURCES := $(shell find $(WEB)/src -type f -not -path '$(WEB)/src/gql/*' 2>/dev/null) \
	$(WEB)/index.html $(WEB)/graphiql.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json
WEB_INSTALLED := $(WEB)/node_modules/.installed
WEB_TYPES := $(WEB)/src/gql/graphql.ts
WEB_BUILT := $(WEB)/dist/index.html
WEB_CHECKED := $(WEB)/node_modules/.checked

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

setup: $(INSTALLED) neo4j

neo4j: $(INSTALLED)
	$(BIN)/python -m graph.store.launcher install

$(WEB_INSTALLED): $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $@

$(WEB_TYPES): $(WEB_INSTALLED) $(WEB)/schema.graphql $(WEB)/codegen.ts $(WEB_SOURCES)
	cd $(WEB) && npm run --silent codegen
	touch $@

$(WEB_BUILT): $(WEB_TYPES) $(WEB_SOURCES)
	cd $(WEB) && npm run --silent build
	touch $@

$(WEB_CHECKED): $(WEB_TYPES) $(WEB_SOURCES) $(WEB)/eslint.config.js
	cd $(WEB) && npm run --silent typecheck && npm run --silent lint
	touch $@

web: $(WEB_BUILT)

weblint: $(WEB_CHECKED)

# The browser tests drive Debian's Chromium through Playwright (its own browser download needs the internet).
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

run: setup web
	$(BIN)/tipgraph run

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

test: setup lint typecheck weblint web chromium
	$(BIN)/pytest

bench: setup web chromium
	$(BIN)/python -m bench.crossref
	$(BIN)/python -m bench.crossref_cpu
	$(BIN)/python -m bench.read_statements
	$(BIN)/python -m bench.statement_cpu
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.ingest_profile
	$(BIN)/python -m bench.ingest_plans
	$(BIN)/python -m bench.labels
	$(BIN)/python -m bench.bulkload
	$(BIN)/python -m bench.load_prepare
	$(BIN)/python -m bench.recompute_compute
	$(BIN)/python -m bench.linked_tips
	$(BIN)/python -m bench.link_quality
	$(BIN)/python -m bench.content_clusters
	$(BIN)/python -m bench.hardening
	$(BIN)/python -m bench.query_cost
	$(BIN)/python -m bench.triage
	$(BIN)/python -m bench.workers
	$(BIN)/python -m bench.workbench

clean:
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache
