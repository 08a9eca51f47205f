# One command sets everything up and does the job: `make build`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed

.PHONY: build test lint format fuzz bench screenshots serve clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP) $@

# Browser tests need Debian's chromium and the axe-core scanner from npm.
browser: $(NODE_STAMP)
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (browser tests will skip)"; fi; \
	fi
	@command -v java >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } || true

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --silent
	touch $@

build: $(STAMP)
	$(BIN)/boletines build $(if $(BASE_URL),--base-url $(BASE_URL))

serve: $(STAMP)
	$(BIN)/boletines serve

test: $(TEST_STAMP) browser
	$(BIN)/python -m pytest -q

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

fuzz: $(TEST_STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m fuzz tests

screenshots: $(TEST_STAMP) browser
	$(BIN)/python -m builder.tools.screenshots

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf _site .boletines-* screenshots
